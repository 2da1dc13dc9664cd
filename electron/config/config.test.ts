import { describe, expect, it } from 'vitest';
import { loadConfig, parseBooleanEnv } from './load';
import { DEFAULT_CONFIG } from './schema';

const TOKEN = 'file-token-0123456789';

describe('loadConfig', () => {
  it('defaults to offline demo mode with no file and no environment', () => {
    const r = loadConfig({ env: {} });
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, demo: {} });
    expect(r.config.server).toBeUndefined();
    expect(r.errors).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/demo mode/);
  });

  it('reads a complete file', () => {
    const file = {
      server: { url: 'https://stream.qj.example:8443', token: TOKEN, consoleToken: 'console-token-1' },
      view: 'cameras',
      lang: 'en',
      diag: true,
      demo: { seed: 7, speed: 2 },
    };
    const r = loadConfig({ env: {}, fileText: JSON.stringify(file) });
    expect(r.errors).toEqual([]);
    expect(r.config).toMatchObject({ view: 'cameras', lang: 'en', diag: true, demo: { seed: 7, speed: 2 } });
    expect(r.config.server).toEqual({ url: 'https://stream.qj.example:8443', token: TOKEN, consoleToken: 'console-token-1' });
  });

  it('reads a local PMTiles basemap (an absolute path to an existing file)', () => {
    const seen: string[] = [];
    const isFile = (p: string) => (seen.push(p), p === '/srv/maps/qujing.pmtiles');
    const ok = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ view: 'map', map: { pmtiles: '/srv/maps/qujing.pmtiles', basemapCrs: 'gcj02' } }) });
    expect(ok.errors).toEqual([]);
    expect(ok.config.map).toEqual({ pmtiles: '/srv/maps/qujing.pmtiles', basemapCrs: 'gcj02' });
    expect(seen).toEqual(['/srv/maps/qujing.pmtiles']);
    expect(ok.notes.join(' ')).toMatch(/local PMTiles \/srv\/maps\/qujing\.pmtiles/);

    // Missing: a clear error naming the field, the offline basemap, the rest of the file kept.
    const missing = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ view: 'cameras', map: { pmtiles: '/srv/maps/gone.pmtiles' } }) });
    expect(missing.errors).toHaveLength(1);
    expect(missing.errors[0]).toMatch(/map\.pmtiles: \/srv\/maps\/gone\.pmtiles does not exist or is not a file; using the offline basemap/);
    expect(missing.config.map).toBeUndefined();
    expect(missing.config.view).toBe('cameras');
    const keepCrs = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ map: { pmtiles: '/srv/maps/gone.pmtiles', basemapCrs: 'gcj02' } }) });
    expect(keepCrs.config.map).toEqual({ basemapCrs: 'gcj02' });
  });

  it('reads the media gateways camera streams may come from, and refuses one that is not an http(s) URL', () => {
    const ok = loadConfig({ env: {}, fileText: JSON.stringify({ media: ['https://gw1.qj.example:10443'] }) });
    expect(ok.errors).toEqual([]);
    expect(ok.config.media).toEqual(['https://gw1.qj.example:10443']);
    const bad = loadConfig({ env: {}, fileText: JSON.stringify({ media: ['rtsp://10.0.0.9/cam1'] }) });
    expect(bad.errors.join('\n')).toMatch(/media\.0: must be an http:\/\/ or https:\/\/ URL/);
    expect(bad.config.media).toBeUndefined();
  });

  it('refuses a PMTiles path that is not absolute, or one combined with an online basemap', () => {
    const isFile = () => true;
    for (const bad of [{ pmtiles: 'maps/qujing.pmtiles' }, { pmtiles: '../qujing.pmtiles' }, { pmtiles: '' }, { pmtiles: 42 }, { pmtiles: '/a\0b' }]) {
      const r = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ map: bad }) });
      expect(r.errors.join(' ')).toMatch(/map\.pmtiles/);
      expect(r.config.map).toBeUndefined();
    }
    const both = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ map: { pmtiles: '/srv/q.pmtiles', basemap: 'https://tiles.qj.example/style.json' } }) });
    expect(both.errors.join(' ')).toMatch(/map\.pmtiles: cannot be combined/);
    expect(both.config.map).toBeUndefined();
    const withOffline = loadConfig({ env: {}, isFile, fileText: JSON.stringify({ map: { pmtiles: '/srv/q.pmtiles', basemap: 'offline' } }) });
    expect(withOffline.errors).toEqual([]);
  });

  it('reads the basemap settings and refuses a basemap that is not an http(s) style URL', () => {
    const ok = loadConfig({ env: {}, fileText: JSON.stringify({ map: { basemap: 'https://tiles.qj.example/style.json', basemapCrs: 'gcj02' } }) });
    expect(ok.errors).toEqual([]);
    expect(ok.config.map).toEqual({ basemap: 'https://tiles.qj.example/style.json', basemapCrs: 'gcj02' });
    for (const bad of [{ basemap: 'file:///etc/style.json' }, { basemap: 'javascript:alert(1)' }, { basemapCrs: 'bd09' }]) {
      const r = loadConfig({ env: {}, fileText: JSON.stringify({ map: bad }) });
      expect(r.errors.join(' ')).toMatch(/map\.basemap/);
      expect(r.config.map).toBeUndefined();
    }
  });

  it('lets the environment override the file', () => {
    const r = loadConfig({
      env: { QUJING_SERVER_URL: 'http://127.0.0.1:9000', QUJING_TOKEN: 'env-token', QUJING_VIEW: 'map', QUJING_LANG: 'zh', QUJING_DIAG: '1' },
      fileText: JSON.stringify({ server: { url: 'https://a.example', token: TOKEN }, view: 'cameras', lang: 'en', diag: false }),
    });
    expect(r.errors).toEqual([]);
    expect(r.config).toMatchObject({ server: { url: 'http://127.0.0.1:9000', token: 'env-token' }, view: 'map', lang: 'zh', diag: true });
  });

  it('takes the token from the file when only the URL comes from the environment', () => {
    const r = loadConfig({ env: { QUJING_SERVER_URL: 'https://b.example' }, fileText: JSON.stringify({ server: { url: 'https://a.example', token: TOKEN } }) });
    expect(r.config.server).toEqual({ url: 'https://b.example', token: TOKEN });
  });

  it('falls back to demo when a server URL has no token, naming the variable', () => {
    const r = loadConfig({ env: { QUJING_SERVER_URL: 'https://a.example' } });
    expect(r.config.server).toBeUndefined();
    expect(r.errors.join('\n')).toMatch(/QUJING_TOKEN: required/);
  });

  it('rejects a non-http server URL', () => {
    const r = loadConfig({ env: { QUJING_SERVER_URL: 'file:///etc/passwd', QUJING_TOKEN: 't' } });
    expect(r.config.server).toBeUndefined();
    expect(r.errors.join('\n')).toMatch(/QUJING_SERVER_URL: must be an http/);
  });

  it('ignores an invalid file as a whole and names the field', () => {
    const r = loadConfig({
      env: {},
      filePath: '/u/config.json',
      fileText: JSON.stringify({ server: { url: 'https://a.example', token: '' }, view: 'map', lang: 'en' }),
    });
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, demo: {} });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^\/u\/config\.json: server\.token: must not be empty/);
    expect(r.errors[0]).toMatch(/using defaults/);
  });

  it.each([
    [{ lang: 'fr' }, /lang/],
    [{ demo: { speed: -1 } }, /demo\.speed/],
    [{ demo: { seed: 1.5 } }, /demo\.seed/],
    [{ view: 'Map View' }, /view/],
    [{ diag: 'yes' }, /diag/],
    [{ sever: { url: 'x' } }, /sever|Unrecognized/],
    [[1, 2], /root|expected object/],
  ])('reports %j', (file, pattern) => {
    const r = loadConfig({ env: {}, fileText: JSON.stringify(file) });
    expect(r.errors[0]).toMatch(pattern);
    expect(r.config.lang).toBe('zh');
  });

  it('reports a file that is not JSON', () => {
    const r = loadConfig({ env: {}, fileText: '{ server: ', filePath: 'config.json' });
    expect(r.errors[0]).toMatch(/config\.json: not valid JSON/);
    expect(r.config.server).toBeUndefined();
  });

  it('ignores bad environment values one by one', () => {
    const r = loadConfig({ env: { QUJING_LANG: 'de', QUJING_VIEW: '../x', QUJING_DIAG: 'maybe' } });
    expect(r.errors).toHaveLength(3);
    expect(r.errors.join('\n')).toMatch(/QUJING_LANG[\s\S]*QUJING_VIEW|QUJING_VIEW[\s\S]*QUJING_LANG/);
    expect(r.config).toMatchObject({ lang: 'zh', view: 'map', diag: false });
  });

  it('reads kiosk mode from QUJING_KIOSK', () => {
    expect(loadConfig({ env: { QUJING_KIOSK: '1' } }).config.kiosk).toBe(true);
    expect(loadConfig({ env: { QUJING_KIOSK: '0' } }).config.kiosk).toBe(false);
  });

  it('warns about plain http to a remote host (mixed content from app://)', () => {
    const r = loadConfig({ env: { QUJING_SERVER_URL: 'http://10.1.2.3:3000', QUJING_TOKEN: 't' } });
    expect(r.config.server?.url).toBe('http://10.1.2.3:3000');
    expect(r.warnings.join()).toMatch(/mixed content/);
    expect(loadConfig({ env: { QUJING_SERVER_URL: 'http://localhost:3000', QUJING_TOKEN: 't' } }).warnings).toEqual([]);
  });

  it('never puts a token into errors, warnings or notes', () => {
    const secret = 'super-secret-token-value';
    const r = loadConfig({ env: { QUJING_SERVER_URL: 'http://10.0.0.1', QUJING_TOKEN: secret, QUJING_LANG: 'xx' } });
    expect([...r.errors, ...r.warnings, ...r.notes].join('\n')).not.toContain(secret);
  });

  it('parses boolean environment values', () => {
    expect(parseBooleanEnv('TRUE')).toBe(true);
    expect(parseBooleanEnv('off')).toBe(false);
    expect(parseBooleanEnv('2')).toBeUndefined();
  });
});

describe('wall settings', () => {
  it('read the wall id and profile from the file, the environment winning', () => {
    const fileText = JSON.stringify({ wall: { id: 'wall-west', profile: '/etc/qujing/hall.yaml' } });
    const r = loadConfig({ env: { QUJING_WALL_ID: 'wall-east' }, fileText, isFile: () => true });
    expect(r.errors).toEqual([]);
    expect(r.config.wall).toEqual({ id: 'wall-east', profile: '/etc/qujing/hall.yaml' });
  });

  it('refuse a relative or missing profile path with a reason', () => {
    expect(loadConfig({ env: { QUJING_WALL_PROFILE: 'hall.yaml' } }).errors[0]).toMatch(/QUJING_WALL_PROFILE: must be an absolute path/);
    const r = loadConfig({ env: { QUJING_WALL_PROFILE: '/nope/hall.yaml' }, isFile: () => false });
    expect(r.errors[0]).toMatch(/does not exist/);
    expect(r.config.wall).toBeUndefined();
  });
});
