/**
 * The planned wall in real Electron: one window per monitor on its own display, a crashed
 * renderer coming back with the same view, and a scene surviving a restart.
 *
 * Runs wherever the Electron binary exists; skipped with a printed reason elsewhere. Plain
 * Xvfb gives one screen; to get several real monitors on Linux use Xorg's dummy driver
 * (apt-get install xserver-xorg-video-dummy) with a virtual size covering the wall, then cut
 * it into monitors, e.g. for a 2×2 wall of 1920×1080:
 *
 *   Xorg :5 -config dummy-3840x2160.conf &      # Section "Device" Driver "dummy", VideoRam 256000, Virtual 3840 2160
 *   export DISPLAY=:5
 *   xrandr --setmonitor W0 1920/530x1080/300+0+0 none
 *   xrandr --setmonitor W1 1920/530x1080/300+1920+0 none
 *   xrandr --setmonitor W2 1920/530x1080/300+0+1080 none
 *   xrandr --setmonitor W3 1920/530x1080/300+1920+1080 none
 *   QUJING_E2E_MONITORS=4 QUJING_E2E_COLUMNS=2 npx playwright test --project=electron e2e/electron/wall.spec.ts
 *
 * Electron then reports four displays, and the spec checks every window sits on its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/start.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = findElectronBinary(REPO);
const SKIP_REASON =
  'Electron binary not installed here: node_modules/electron has no dist/ (the binary download is not possible on this machine); ' +
  'placement, hot-plug and recovery are covered by the unit tests in electron/wall/ instead.';
const MONITORS = Number(process.env.QUJING_E2E_MONITORS ?? 1);
const COLUMNS = Number(process.env.QUJING_E2E_COLUMNS ?? MONITORS);

function profileYaml(): string {
  const rows = Math.ceil(MONITORS / COLUMNS);
  const monitors = Array.from({ length: MONITORS }, (_, i) => `      - { id: M${i}, row: ${Math.floor(i / COLUMNS)}, column: ${i % COLUMNS} }`);
  const day = monitors.map((_, i) => `          M${i}: { view: ${i === 0 ? 'dashboard' : 'drainage'} }`);
  const flood = monitors.map((_, i) => `          M${i}: { view: ${i === 0 ? 'drainage' : 'dashboard'} }`);
  return `version: 1
walls:
  - id: e2e-wall
    grid: { rows: ${rows}, columns: ${COLUMNS} }
    monitors:
${monitors.join('\n')}
defaultScene: 日常
scenes:
  日常:
    walls:
      e2e-wall:
        monitors:
${day.join('\n')}
  防汛应急:
    walls:
      e2e-wall:
        monitors:
${flood.join('\n')}
`;
}

interface WindowInfo {
  id: number;
  url: string;
  bounds: { x: number; y: number; width: number; height: number };
}

async function wallWindows(app: ElectronApplication): Promise<WindowInfo[]> {
  return app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => ({ id: w.id, url: w.webContents.getURL(), bounds: w.getBounds() })),
  );
}

async function launch(userData: string, logDir: string, profilePath: string): Promise<ElectronApplication> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { QUJING_LOG_DIR: logDir, QUJING_USER_DATA: userData, QUJING_SERVER_URL: '', QUJING_TOKEN: '', QUJING_WALL_ID: 'e2e-wall', QUJING_WALL_PROFILE: profilePath });
  delete env.ELECTRON_RUN_AS_NODE;
  const args = [REPO];
  if (process.platform === 'linux' && process.getuid?.() === 0) args.unshift('--no-sandbox');
  return electron.launch({ executablePath: BINARY!, args, env, cwd: REPO, timeout: 60_000 });
}

test('one window per monitor on its own display; a crashed renderer returns with the same view; the scene survives a restart', async () => {
  if (!BINARY) {
    console.log(`[e2e/electron/wall] skipped: ${SKIP_REASON}`);
    test.skip(true, SKIP_REASON);
    return;
  }
  test.setTimeout(180_000);
  const info = test.info();
  const dir = info.outputPath('wall');
  mkdirSync(dir, { recursive: true });
  const profilePath = join(dir, 'wall.yaml');
  writeFileSync(profilePath, profileYaml());
  const userData = join(dir, 'user-data');
  const logDir = join(dir, 'logs');

  let app = await launch(userData, logDir, profilePath);
  try {
    const displays = await app.evaluate(({ screen }) => screen.getAllDisplays().map((d) => d.bounds));
    const expected = Math.min(MONITORS, displays.length);
    await expect.poll(async () => (await wallWindows(app)).filter((w) => w.url.includes('monitor=')).length, { timeout: 60_000 }).toBe(expected);
    const windows = (await wallWindows(app)).filter((w) => w.url.includes('monitor='));
    // Every window covers exactly one display, and no two share one.
    const covered = windows.map((w) => displays.findIndex((d) => d.x === w.bounds.x && d.y === w.bounds.y && d.width === w.bounds.width && d.height === w.bounds.height));
    expect(covered.every((i) => i >= 0)).toBe(true);
    expect(new Set(covered).size).toBe(windows.length);
    expect(windows.find((w) => w.url.includes('monitor=M0'))!.url).toContain('view=dashboard');

    // Crash M0's renderer: it comes back showing the same view.
    const m0 = windows.find((w) => w.url.includes('monitor=M0'))!;
    await app.evaluate(({ BrowserWindow }, id) => BrowserWindow.fromId(id)!.webContents.forcefullyCrashRenderer(), m0.id);
    await expect
      .poll(async () => app.evaluate(({ BrowserWindow }, id) => { const w = BrowserWindow.fromId(id); return w && !w.webContents.isCrashed() && !w.webContents.isLoading() ? w.webContents.getURL() : ''; }, m0.id), { timeout: 30_000 })
      .toBe(m0.url);

    // A wall.scene reaches the window as #scene=…; main re-plans and remembers it.
    const page = app.windows().find((p) => p.url().includes('monitor=M0'))!;
    await page.evaluate(() => history.replaceState(null, '', `${location.pathname}${location.search}#scene=${encodeURIComponent('防汛应急')}`));
    await expect.poll(async () => (await wallWindows(app)).find((w) => w.url.includes('monitor=M0'))?.url ?? '', { timeout: 15_000 }).toContain('view=drainage');
    await expect.poll(() => (existsSync(join(userData, 'wall-state.json')) ? JSON.parse(readFileSync(join(userData, 'wall-state.json'), 'utf8')).scene : null)).toBe('防汛应急');
  } finally {
    // Kiosk rules block an ordinary quit; the test ends the process.
    await app.evaluate(({ app: a }) => a.exit(0)).catch(() => undefined);
  }

  app = await launch(userData, logDir, profilePath);
  try {
    await expect.poll(async () => (await wallWindows(app)).find((w) => w.url.includes('monitor=M0'))?.url ?? '', { timeout: 60_000 }).toContain('view=drainage');
    const log = readFileSync(join(logDir, 'main.log'), 'utf8');
    expect(log).toMatch(/starting with scene 防汛应急 \(last scene before the restart\)/);
    expect(log).toMatch(/renderer gone|crashed/);
  } finally {
    await app.evaluate(({ app: a }) => a.exit(0)).catch(() => undefined);
  }
});
