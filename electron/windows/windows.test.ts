import { describe, expect, it } from 'vitest';
import { escapeHtml, statusPageHtml, statusPageUrl } from './status-page';
import { plannedWindowOptions, wallWebPreferences, wallWindowOptions } from './web-preferences';

// The security settings themselves are asserted for every kind of window in
// electron/security/windows-security.test.ts.
describe('wall web preferences', () => {
  it('enable DevTools only in diagnostics mode', () => {
    expect(wallWebPreferences({ preload: 'p', diag: true }).devTools).toBe(true);
    expect(wallWebPreferences({ preload: 'p', diag: false }).devTools).toBe(false);
  });

  it('keep animating when the window is not focused, without spellcheck underlines', () => {
    expect(wallWebPreferences({ preload: 'p', diag: false })).toMatchObject({ backgroundThrottling: false, spellcheck: false });
  });
});

describe('wall window options', () => {
  const display = { x: 0, y: 0, width: 3840, height: 2160 };

  it('open a hidden dark 1920×1080 window centred on the display', () => {
    const o = wallWindowOptions({ preload: 'p', diag: false, kiosk: false, display });
    expect(o).toMatchObject({ width: 1920, height: 1080, x: 960, y: 540, show: false, backgroundColor: '#0b1220', fullscreen: false, kiosk: false });
  });

  it('fit a smaller display', () => {
    const o = wallWindowOptions({ preload: 'p', diag: false, kiosk: false, display: { x: 100, y: 0, width: 1366, height: 768 } });
    expect(o).toMatchObject({ width: 1366, height: 768, x: 100, y: 0 });
  });

  it('cover the display in kiosk mode', () => {
    const o = wallWindowOptions({ preload: 'p', diag: false, kiosk: true, display });
    expect(o).toMatchObject({ width: 3840, height: 2160, fullscreen: true, kiosk: true });
    expect(o.webPreferences.sandbox).toBe(true);
  });
});

describe('status page', () => {
  it('escapes the message', () => {
    expect(escapeHtml(`<img src=x onerror="a()">&'`)).toBe('&#60;img src=x onerror=&#34;a()&#34;&#62;&#38;&#39;');
    const html = statusPageHtml({ title: 'T', detail: '<script>alert(1)</script>', lang: 'en' });
    expect(html).not.toContain('<script>');
    expect(html).toContain("default-src 'none'");
  });

  it('is a data URL in the chosen language', () => {
    const url = statusPageUrl({ title: '演示', detail: 'x', lang: 'zh' });
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toContain('系统将自动重试');
  });
});

describe('planned wall window options', () => {
  it('cover exactly the display, frameless and not yet fullscreen in kiosk mode, throttling off', () => {
    const o = plannedWindowOptions({ preload: 'p', diag: false, kiosk: true, bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, title: 'wall-1/A1' });
    expect(o).toMatchObject({ x: -1920, y: 0, width: 1920, height: 1080, frame: false, fullscreen: false, kiosk: false, show: false });
    expect(o.webPreferences).toMatchObject({ backgroundThrottling: false, sandbox: true, contextIsolation: true, devTools: false });
  });

  it('keep a frame outside kiosk mode (a developer desk)', () => {
    expect(plannedWindowOptions({ preload: 'p', diag: true, kiosk: false, bounds: { x: 0, y: 0, width: 800, height: 600 }, title: 't' }).frame).toBe(true);
  });
});
