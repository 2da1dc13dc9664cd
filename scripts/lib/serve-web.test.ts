import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterPmtiles } from '../../e2e/support/pmtiles-fixture';
import { buildWebCsp, startWebServer } from './serve-web.mjs';
import { parseByteRange } from '../../shared/hosting/http-policy';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('browser-mode CSP', () => {
  it('lets the page reach exactly its backend and its basemap host', () => {
    const csp = buildWebCsp('http://127.0.0.1:7070', 'https://tiles.qj.example/style.json');
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' http://127.0.0.1:7070 ws://127.0.0.1:7070 https://tiles.qj.example");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob: https://tiles.qj.example http://127.0.0.1:7070");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
  });

  it('adds camera stream hosts (?media=) to media, image and connect sources, refusing non-http values', () => {
    const csp = buildWebCsp('http://127.0.0.1:7070', 'offline', 'http://10.20.1.17:8080/live,https://gw.qj.example,javascript:x');
    expect(directive(csp, 'media-src')).toBe("media-src 'self' blob: http://127.0.0.1:7070 http://10.20.1.17:8080 https://gw.qj.example");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob: http://127.0.0.1:7070 http://10.20.1.17:8080 https://gw.qj.example");
    expect(directive(csp, 'connect-src')).toBe(
      "connect-src 'self' http://127.0.0.1:7070 ws://127.0.0.1:7070 http://10.20.1.17:8080 https://gw.qj.example ws://10.20.1.17:8080 wss://gw.qj.example",
    );
  });

  it('ignores parameters that are not http(s) URLs', () => {
    const csp = buildWebCsp('javascript:alert(1)', 'offline');
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob:");
  });
});

describe('local PMTiles archive', () => {
  let dir: string;
  let file: string;
  let bytes: Buffer;
  let web: { port: number; close(): Promise<void> };
  let plain: { port: number; close(): Promise<void> };
  const at = (port: number, path = '/basemap.pmtiles') => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qujing-web-'));
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'root', 'index.html'), '<!doctype html><title>wall</title>');
    writeFileSync(join(dir, 'root', 'basemap.pmtiles'), 'not the configured archive');
    file = join(dir, 'city.pmtiles');
    bytes = rasterPmtiles({ colour: [40, 120, 90] });
    writeFileSync(file, bytes);
    web = await startWebServer({ root: join(dir, 'root'), port: 0, pmtiles: file });
    plain = await startWebServer({ root: join(dir, 'root'), port: 0 });
  });
  afterAll(async () => {
    await web.close();
    await plain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses single byte ranges', () => {
    expect(parseByteRange(undefined, 100)).toBeUndefined();
    expect(parseByteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=0-16383', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=5-4', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseByteRange('items=0-1', 100)).toBeUndefined();
  });

  it('answers a range with 206, Content-Range and exactly those bytes', async () => {
    const r = await fetch(at(web.port), { headers: { Range: 'bytes=0-126' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 0-126/${bytes.length}`);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe('127');
    expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes.subarray(0, 127));
    // The reader's first request asks for 16 KiB; a smaller archive is sent whole, as a range.
    const head = await fetch(at(web.port), { headers: { Range: 'bytes=0-16383' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await head.arrayBuffer())).toEqual(bytes);
    const tail = await fetch(at(web.port), { headers: { Range: `bytes=${bytes.length - 12}-` } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 12));
  });

  it('answers 416 with the size for a range past the end, 200 with the whole file without a range', async () => {
    const bad = await fetch(at(web.port), { headers: { Range: `bytes=${bytes.length}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    const whole = await fetch(at(web.port));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    const head = await fetch(at(web.port), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await fetch(at(web.port), { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('serves the archive at that one path only, and nothing there when none is configured', async () => {
    expect((await fetch(at(web.port, '/city.pmtiles'))).status).toBe(404);
    expect((await fetch(at(web.port, '/basemap.pmtiles/x'))).status).toBe(404);
    expect((await fetch(at(web.port, '/index.html'))).status).toBe(200);
    expect((await fetch(at(plain.port))).status).toBe(404);
  });
});
