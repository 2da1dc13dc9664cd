import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppHandler } from './handler';
import { mimeType, parseRange, resolveAppPath } from './resolve';

const root = '/srv/dist/renderer';

describe('resolveAppPath', () => {
  it.each([
    ['app://wall/index.html', '/srv/dist/renderer/index.html'],
    ['app://wall/', '/srv/dist/renderer/index.html'],
    ['app://wall', '/srv/dist/renderer/index.html'],
    ['app://wall/assets/main-abc.js?v=1#x', '/srv/dist/renderer/assets/main-abc.js'],
    ['app://wall/assets/%E6%9B%B2%E9%9D%96.png', '/srv/dist/renderer/assets/曲靖.png'],
    ['app://wall/a/../index.html', '/srv/dist/renderer/index.html'],
  ])('maps %s', (url, path) => {
    expect(resolveAppPath(url, root)).toEqual({ ok: true, filePath: path });
  });

  it.each([
    'app://wall/../../etc/passwd',
    'app://wall/%2e%2e/%2e%2e/etc/passwd',
    'app://wall/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://wall/..%5c..%5cwindows%5cwin.ini',
    'app://wall/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://wall//etc/passwd',
    'app://wall/C:%5cWindows%5cwin.ini',
  ])('keeps %s inside the root', (url) => {
    // Either refused, or (after URL dot-segment normalisation) a path under the root.
    const r = resolveAppPath(url, root);
    if (r.ok) expect(r.filePath.startsWith(resolve(root) + sep)).toBe(true);
  });

  it.each([
    ['app://wall/assets/..%2f..%2f..%2fetc%2fpasswd', 403],
    ['app://wall/%00.html', 400],
    ['app://wall/%E0%A4%A', 400],
    ['app://other/index.html', 404],
    ['https://wall/index.html', 404],
    ['nonsense', 400],
  ] as const)('refuses %s with %i', (url, status) => {
    expect(resolveAppPath(url, root)).toEqual({ ok: false, status });
  });
});

describe('mime types and ranges', () => {
  it('names the common types', () => {
    expect(mimeType('a/index.html')).toMatch(/^text\/html/);
    expect(mimeType('a/x.JS')).toMatch(/^text\/javascript/);
    expect(mimeType('a/x.wasm')).toBe('application/wasm');
    expect(mimeType('a/x.unknown')).toBe('application/octet-stream');
  });

  it('parses single byte ranges', () => {
    expect(parseRange(null, 100)).toBeUndefined();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange('items=0-1', 100)).toBeUndefined();
  });
});

describe('createAppHandler with a local PMTiles archive', () => {
  let dir: string;
  let archive: Buffer;
  let handler: (r: Request) => Promise<Response>;
  let without: (r: Request) => Promise<Response>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qujing-pmt-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'renderer', 'basemap.pmtiles'), 'not the configured one');
    archive = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    writeFileSync(join(dir, 'city.pmtiles'), archive);
    handler = createAppHandler({ root: join(dir, 'renderer'), csp: () => "default-src 'self'", pmtiles: join(dir, 'city.pmtiles') });
    without = createAppHandler({ root: join(dir, 'renderer'), csp: () => "default-src 'self'" });
  });

  it('serves the configured file at app://wall/basemap.pmtiles with byte ranges', async () => {
    const res = await handler(new Request('app://wall/basemap.pmtiles', { headers: { Range: 'bytes=0-16383' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 0-299/300');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(archive);
    const part = await handler(new Request('app://wall/basemap.pmtiles', { headers: { Range: 'bytes=127-136' } }));
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(archive.subarray(127, 137));
    expect((await handler(new Request('app://wall/basemap.pmtiles', { headers: { Range: 'bytes=300-' } }))).status).toBe(416);
  });

  it('serves nothing at that path when no archive is configured, and only that path', async () => {
    expect((await without(new Request('app://wall/basemap.pmtiles'))).status).toBe(404);
    expect((await handler(new Request('app://wall/city.pmtiles'))).status).toBe(404);
    expect((await handler(new Request('app://wall/x/basemap.pmtiles'))).status).toBe(404);
  });
});

describe('createAppHandler', () => {
  let dir: string;
  const refused: Array<[string, number]> = [];
  let handler: (r: Request) => Promise<Response>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qujing-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>wall</title>');
    writeFileSync(join(dir, 'assets', 'clip.mp4'), Buffer.from('0123456789'));
    writeFileSync(join(dir, '..', 'outside-secret.txt'), 'secret');
    handler = createAppHandler({ root: dir, csp: () => "default-src 'self'", onRefused: (u, s) => refused.push([u, s]) });
  });

  it('serves index.html with the CSP', async () => {
    const res = await handler(new Request('app://wall/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>wall</title>');
  });

  it('serves byte ranges for media', async () => {
    const res = await handler(new Request('app://wall/assets/clip.mp4', { headers: { Range: 'bytes=2-5' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await res.text()).toBe('2345');
    const bad = await handler(new Request('app://wall/assets/clip.mp4', { headers: { Range: 'bytes=20-' } }));
    expect(bad.status).toBe(416);
  });

  it('answers 404 for missing files and directories, 403 for traversal, 405 for writes', async () => {
    expect((await handler(new Request('app://wall/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://wall/assets/'))).status).toBe(404);
    const escape = await handler(new Request('app://wall/..%2foutside-secret.txt'));
    expect(escape.status).toBe(403);
    expect(await escape.text()).toBe('');
    const normalised = await handler(new Request('app://wall/%2e%2e/outside-secret.txt'));
    expect(normalised.status).toBe(404);
    expect((await handler(new Request('app://wall/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect(refused.map(([, s]) => s)).toEqual([404, 404, 403, 404, 405]);
  });
});
