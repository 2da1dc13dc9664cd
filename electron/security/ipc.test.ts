import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema';
import { buildRendererSettings, createRateLimiter, isTrustedSender, MAX_LOG_MESSAGE, parseLogPayload } from './ipc';
import { isAppUrl } from './origin';

describe('isTrustedSender', () => {
  it.each(['app://wall/index.html', 'app://wall/', 'app://wall/index.html?view=map#x'])('trusts %s', (url) => {
    expect(isTrustedSender(url)).toBe(true);
  });
  it.each([
    undefined,
    null,
    '',
    'app://wall',
    'app://wall.evil/index.html',
    'app://wallx/index.html',
    'app://evil/index.html',
    'app://user:pw@wall/index.html',
    'https://wall/index.html',
    'file:///app/dist/renderer/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'http://127.0.0.1:5173/',
    ' app://wall/index.html',
    // Chromium reports frame URLs normalised; anything else is not one of ours.
    'APP://WALL/index.html',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });
  it('agrees with isAppUrl', () => expect(isAppUrl('app://wall/a/b.js')).toBe(true));
});

describe('parseLogPayload', () => {
  it('accepts a good payload', () => {
    expect(parseLogPayload({ level: 'warn', message: 'stream stale: units' })).toEqual({ ok: true, value: { level: 'warn', message: 'stream stale: units' } });
  });
  it('escapes line breaks so a renderer cannot forge log lines', () => {
    const r = parseLogPayload({ level: 'info', message: 'x\n2026-01-01T00:00:00.000Z ERROR [main] fake' });
    expect(r.ok && r.value.message).toBe('x\\n2026-01-01T00:00:00.000Z ERROR [main] fake');
  });
  it.each([
    [undefined, /root/],
    [null, /root/],
    ['error: boom', /root/],
    [{ level: 'debug', message: 'x' }, /level/],
    [{ level: 'error' }, /message/],
    [{ level: 'error', message: 42 }, /message/],
    [{ level: 'error', message: 'x'.repeat(MAX_LOG_MESSAGE + 1) }, /message/],
    [{ level: 'error', message: 'x', extra: { huge: true } }, /Unrecognized|extra/],
    [{ level: { toString: (): string => 'error' }, message: 'x' }, /level/],
  ])('refuses hostile payload %#', (payload, reason) => {
    const r = parseLogPayload(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
  it('accepts the maximum length', () => {
    expect(parseLogPayload({ level: 'error', message: 'x'.repeat(MAX_LOG_MESSAGE) }).ok).toBe(true);
  });
});

describe('buildRendererSettings', () => {
  it('builds the wall settings', () => {
    const s = buildRendererSettings({ ...DEFAULT_CONFIG, lang: 'en', diag: true }, { url: 'http://127.0.0.1:4000', token: 'tok', demo: true });
    expect(s).toEqual({ server: 'http://127.0.0.1:4000', token: 'tok', role: 'wall', view: 'map', lang: 'en', diag: true, demo: true });
  });
  it('gives a console window role console and the console token of a real backend', () => {
    const server = { url: 'https://b.example:8443', token: 'wall-tok', consoleToken: 'console-tok' };
    const backend = { url: server.url, token: server.token, demo: false };
    const c = buildRendererSettings({ ...DEFAULT_CONFIG, view: 'console', server }, backend);
    expect(c).toMatchObject({ role: 'console', token: 'console-tok' });
    const w = buildRendererSettings({ ...DEFAULT_CONFIG, view: 'map', server }, backend);
    expect(w).toMatchObject({ role: 'wall', token: 'wall-tok' });
    // Demo mode: the simulation's one token allows every role.
    const d = buildRendererSettings({ ...DEFAULT_CONFIG, view: 'console' }, { url: 'http://127.0.0.1:4000', token: 'demo', demo: true });
    expect(d).toMatchObject({ role: 'console', token: 'demo' });
  });
  it("hands config.json's basemap settings to the page", () => {
    const s = buildRendererSettings(
      { ...DEFAULT_CONFIG, map: { basemap: 'https://tiles.qj.example/style.json', basemapCrs: 'gcj02' } },
      { url: 'http://127.0.0.1:4000', token: 'tok', demo: true },
    );
    expect(s).toMatchObject({ basemap: 'https://tiles.qj.example/style.json', basemapCrs: 'gcj02' });
  });
  it('tells the page about a local PMTiles basemap without its path', () => {
    const s = buildRendererSettings(
      { ...DEFAULT_CONFIG, map: { pmtiles: '/srv/maps/qujing.pmtiles', basemap: 'offline', basemapCrs: 'gcj02' } },
      { url: 'http://127.0.0.1:4000', token: 'tok', demo: true },
    );
    expect(s).toMatchObject({ basemap: 'pmtiles', basemapCrs: 'gcj02' });
    expect(JSON.stringify(s)).not.toContain('/srv/maps');
  });
  it('refuses to hand out malformed settings', () => {
    expect(() => buildRendererSettings(DEFAULT_CONFIG, { url: 'javascript:alert(1)', token: 'tok', demo: false })).toThrow();
    expect(() => buildRendererSettings(DEFAULT_CONFIG, { url: 'http://h', token: '', demo: false })).toThrow();
  });
});

describe('createRateLimiter', () => {
  it('accepts up to the limit per window and reports the drops afterwards', () => {
    const l = createRateLimiter(2, 1000);
    expect(l.take(0).accept).toBe(true);
    expect(l.take(10).accept).toBe(true);
    expect(l.take(20).accept).toBe(false);
    expect(l.take(30).accept).toBe(false);
    expect(l.take(1000)).toEqual({ accept: true, droppedBefore: 2 });
  });
});
