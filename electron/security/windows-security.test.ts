// The security settings of every window the app creates (schemes: renderer/stream/url-schemes.test.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedWindowOptions, wallWebPreferences, wallWindowOptions } from '../windows/web-preferences';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const SECURE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
};

describe('window security settings', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  for (const diag of [false, true]) {
    it(`every kind of window is isolated, sandboxed and without Node (diag=${diag})`, () => {
      const all = [
        wallWebPreferences({ preload: '/app/preload.cjs', diag }),
        wallWindowOptions({ preload: '/app/preload.cjs', diag, kiosk: true, display }).webPreferences,
        wallWindowOptions({ preload: '/app/preload.cjs', diag, kiosk: false, display }).webPreferences,
        plannedWindowOptions({ preload: '/app/preload.cjs', diag, kiosk: true, bounds: display, title: 'wall' }).webPreferences,
      ];
      for (const p of all) {
        expect(p).toMatchObject(SECURE);
        // DevTools only on a window started for diagnostics.
        expect(p.devTools).toBe(diag);
        expect(p.preload).toBe('/app/preload.cjs');
      }
    });
  }

  it('the only BrowserWindow constructor in the main process takes these options', () => {
    const creators = sources('electron').filter((f) => /new BrowserWindow\(/.test(readFileSync(f, 'utf8')));
    expect(creators).toEqual([join('electron', 'windows', 'wall-window.ts')]);
    const src = readFileSync(creators[0]!, 'utf8');
    // The options come from web-preferences.ts, never an inline literal.
    expect(src).toMatch(/from '\.\/web-preferences'/);
    expect(src).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
  });

  it('no source anywhere turns the protections off or opens backend data in a shell', () => {
    for (const f of [...sources('electron'), ...sources('renderer')]) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true/);
      expect(src, f).not.toMatch(/shell\.openExternal|dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write\(/);
    }
  });
});
