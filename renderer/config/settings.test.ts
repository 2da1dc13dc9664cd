import { describe, expect, it } from 'vitest';
import { resolveSettings, settingsFromQuery } from './settings';

describe('settings', () => {
  it('reads everything from the URL query with defaults', () => {
    const r = resolveSettings(null, settingsFromQuery('?server=http://127.0.0.1:7070&token=dev'));
    expect(r).toEqual({
      ok: true,
      settings: {
        server: 'http://127.0.0.1:7070',
        token: 'dev',
        role: 'wall',
        view: 'map',
        diag: false,
        lang: 'zh',
        demo: false,
        basemap: 'offline',
        basemapCrs: 'wgs84',
        district: null,
        tour: 0,
        playback: null,
        staleS: 60,
        layout: '9',
        cameras: null,
        alarmTile: null,
        alarmHoldS: 120,
        operator: null,
        sound: true,
        wallId: null,
        monitor: null,
        center: null,
        zoom: null,
        span: null,
      },
    });
  });

  it('reads a wall window\'s wall, monitor and map viewport; wall control is a console view', () => {
    const r = resolveSettings(null, settingsFromQuery('?server=http://h:1&token=t&view=map&wall=wall-east&monitor=E11&center=103.8,25.5&zoom=12.5&span=1926,0,1920,1080,3846,1080'));
    expect(r.ok && r.settings).toMatchObject({ wallId: 'wall-east', monitor: 'E11', center: [103.8, 25.5], zoom: 12.5, role: 'wall', span: [1926, 0, 1920, 1080, 3846, 1080] });
    const bad = resolveSettings(null, settingsFromQuery('?server=http://h:1&token=t&center=500,1&monitor=../x'));
    expect(bad.ok).toBe(false);
    const wc = resolveSettings(null, settingsFromQuery('?server=http://h:1&token=t&view=wallcontrol'));
    expect(wc.ok && wc.settings.role).toBe('console');
  });

  it('parses view, lang, diag and role; console view defaults to the console role', () => {
    const r = resolveSettings(null, settingsFromQuery('?server=https://a.example&token=t&view=console&diag=1&lang=en'));
    expect(r.ok && r.settings).toMatchObject({ view: 'console', role: 'console', diag: true, lang: 'en' });
    const r2 = resolveSettings(null, settingsFromQuery('?server=https://a.example&token=t&view=console&role=wall'));
    expect(r2.ok && r2.settings.role).toBe('wall');
  });

  it('lets URL params override the host settings', () => {
    const host = { server: 'http://10.0.0.1:7000', token: 'host', view: 'cameras', lang: 'zh', diag: false, role: 'wall', demo: true };
    const r = resolveSettings(host, settingsFromQuery('?view=drainage&lang=en'));
    expect(r.ok && r.settings).toMatchObject({ server: 'http://10.0.0.1:7000', token: 'host', view: 'drainage', lang: 'en', demo: true });
  });

  it('refuses a server URL that is not http(s)', () => {
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'ws://127.0.0.1:7070', 'not a url']) {
      const r = resolveSettings(null, { server: bad, token: 't' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join(' ')).toMatch(/server/);
    }
  });

  it('refuses a missing token and unknown view or lang', () => {
    expect(resolveSettings(null, { server: 'http://a' }).ok).toBe(false);
    expect(resolveSettings(null, { server: 'http://a', token: 't', view: 'nope' }).ok).toBe(false);
    const r = resolveSettings(null, { server: 'http://a', token: 't', lang: 'fr' });
    expect(r.ok).toBe(false);
  });

  it('keeps a valid language for the error screen', () => {
    const r = resolveSettings(null, settingsFromQuery('?lang=en&server=ftp://x'));
    expect(!r.ok && r.partial.lang).toBe('en');
  });

  it('reads diag=0 as false', () => {
    expect(settingsFromQuery('?diag=0').diag).toBe(false);
    expect(settingsFromQuery('?diag').diag).toBe(true);
  });

  it('reads the map settings and refuses a basemap that is not an http(s) style URL', () => {
    const q = settingsFromQuery('?server=http://a&token=t&basemap=https://tiles.example.gov.cn/style.json&basemapCrs=gcj02&district=530302&tour=30&playback=7d&staleS=90');
    const r = resolveSettings(null, q);
    expect(r.ok && r.settings).toMatchObject({
      basemap: 'https://tiles.example.gov.cn/style.json',
      basemapCrs: 'gcj02',
      district: '530302',
      tour: 30,
      playback: '7d',
      staleS: 90,
    });
    for (const bad of ['file:///style.json', 'javascript:alert(1)', 'style.json', 'ftp://x/style.json']) {
      const b = resolveSettings(null, { server: 'http://a', token: 't', basemap: bad });
      expect(b.ok).toBe(false);
      if (!b.ok) expect(b.errors.join(' ')).toMatch(/basemap/);
    }
    expect(resolveSettings(null, { server: 'http://a', token: 't', basemapCrs: 'bd09' }).ok).toBe(false);
    expect(resolveSettings(null, { server: 'http://a', token: 't', tour: 'x' }).ok).toBe(false);
  });

  it("accepts basemap=pmtiles (the host's local archive) and nothing that only looks like it", () => {
    const r = resolveSettings(null, settingsFromQuery('?server=http://a&token=t&basemap=pmtiles&basemapCrs=gcj02'));
    expect(r.ok && r.settings).toMatchObject({ basemap: 'pmtiles', basemapCrs: 'gcj02' });
    for (const bad of ['pmtiles:../x', 'pmtiles://http://evil.example/a.pmtiles', 'PMTILES', 'pmtiles ', 'basemap.pmtiles', '/tmp/a.pmtiles']) {
      const b = resolveSettings(null, { server: 'http://a', token: 't', basemap: bad });
      expect(b.ok, bad).toBe(false);
      if (!b.ok) expect(b.errors.join(' ')).toMatch(/basemap/);
    }
  });
});
