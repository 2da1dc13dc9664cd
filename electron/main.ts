/**
 * Electron main process of the Qujing wall: configuration, logging, the app:// scheme, the
 * wall window and — when no backend is configured — the demo stream server. Logic lives in
 * the capability folders; this file only wires them to Electron's lifecycle.
 */
import { app, dialog, globalShortcut, Menu, powerSaveBlocker } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { handleAppProtocol, registerAppSchemePrivileges } from './app-protocol/register';
import { loadConfig } from './config/load';
import { utilityForker } from './demo-server/utility';
import { DemoServerSupervisor } from './demo-server/supervisor';
import { describeError } from './logging/format';
import { createAppLogger } from './logging/setup';
import { buildCsp } from './security/csp';
import { hardenWebContents, lockPermissions } from './security/harden';
import type { Backend } from './security/ipc';
import { registerIpc } from './security/ipc-main';
import { isAppUrl, WALL_URL } from './security/origin';
import { demoServerProblemPage } from './windows/status-page';
import { WallWindow } from './windows/wall-window';
import { parseWallProfile, scheduledSceneAt } from '../shared/wall';
import { ADMIN_EXIT_ACCELERATOR, platformSwitches } from './wall/kiosk';
import { readWallState, startupScene, writeWallState } from './wall/persisted';
import { GpuCrashCounter } from './wall/recovery';
import { WallManager } from './windows/wall-manager';

// dist/electron/main.cjs → its siblings in dist/.
const PRELOAD = join(__dirname, 'preload.cjs');
const RENDERER_ROOT = join(__dirname, '..', 'renderer');
const SERVER_ENTRY = join(__dirname, '..', 'server', 'main.mjs');

registerAppSchemePrivileges();

// A separate profile (config.json, logs, single-instance lock) per wall process, e.g. for tests.
if (process.env.QUJING_USER_DATA) app.setPath('userData', resolve(process.env.QUJING_USER_DATA));

// Linux: X11 (or XWayland), where the app may place its windows on given monitors (README, Wall profiles).
for (const [name, value] of platformSwitches(process.platform, process.env)) app.commandLine.appendSwitch(name, value);
const WALL_STATE = join(app.getPath('userData'), 'wall-state.json');
const wallState = readWallState(WALL_STATE);
// Hardware acceleration can only be turned off before 'ready': repeated GPU crashes set this and relaunch.
if (wallState.state.softwareRendering) app.disableHardwareAcceleration();

if (!app.requestSingleInstanceLock()) {
  // Another wall is already running; it gets focused through 'second-instance'.
  app.quit();
} else {
  run();
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function run(): void {
  const logDir = process.env.QUJING_LOG_DIR || join(app.getPath('userData'), 'logs');
  const { logger: log, redact, file: logFile } = createAppLogger(logDir);
  process.on('uncaughtException', (error) => log.error(`uncaught exception: ${describeError(error)}`));
  process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${describeError(reason)}`));
  log.info(`qujing-wall ${app.getVersion()} starting (electron ${process.versions.electron}, ${process.platform}); log ${logFile}`);

  const configPath = join(app.getPath('userData'), 'config.json');
  let fileText: string | undefined;
  try {
    fileText = readOptional(configPath);
  } catch (error) {
    log.error(`${configPath}: cannot be read (${describeError(error)}); using defaults`);
  }
  const isFile = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  const { config, errors, warnings, notes } = loadConfig({ env: process.env, fileText, filePath: configPath, isFile });
  if (config.server) {
    redact.addSecret(config.server.token);
    if (config.server.consoleToken) redact.addSecret(config.server.consoleToken);
  }
  for (const e of errors) log.error(`config: ${e}`);
  for (const w of warnings) log.warn(`config: ${w}`);
  for (const n of notes) log.info(`config: ${n}`);

  if (wallState.problem) log.warn(wallState.problem);
  if (wallState.state.softwareRendering) log.warn(`software rendering (GPU disabled): ${wallState.state.softwareReason ?? 'repeated GPU crashes'}; delete ${WALL_STATE} to try the GPU again`);

  // The wall profile: one window per monitor when it names this PC's wall.
  let wallProfile: ReturnType<typeof parseWallProfile> | undefined;
  if (config.wall?.profile) {
    let text: string | undefined;
    try {
      text = readFileSync(config.wall.profile, 'utf8');
    } catch (error) {
      log.error(`wall profile ${config.wall.profile}: cannot be read (${describeError(error)}); one window without a profile`);
    }
    if (text !== undefined) {
      wallProfile = parseWallProfile(text, config.wall.profile);
      if (!wallProfile.ok) for (const e of wallProfile.errors) log.error(`wall profile: ${e}`);
      else for (const w of wallProfile.warnings) log.warn(`wall profile: ${w}`);
    }
  }
  const profile = wallProfile?.ok ? wallProfile.profile : undefined;
  const wallId = config.wall?.id ?? profile?.walls[0]?.id;
  if (profile && wallId && !profile.walls.some((w) => w.id === wallId)) log.error(`wall id ${wallId} is not in the wall profile`);
  const kioskLike = config.kiosk || profile !== undefined;

  let backend: Backend | undefined;
  let wall: WallWindow | undefined;
  let manager: WallManager | undefined;
  let quitting = false;
  let supervisor: DemoServerSupervisor | undefined;

  hardenWebContents(log);
  app.on('second-instance', () => {
    log.info('second launch: focusing the running wall');
    wall?.focus();
    manager?.focus();
  });
  // A wall has nothing to live for without its window, on macOS too.
  app.on('window-all-closed', () => app.quit());

  // GPU-process crashes: survived (Chromium restarts it); repeated ones switch to software rendering.
  const gpuCrashes = new GpuCrashCounter();
  app.on('child-process-gone', (_event, details) => {
    if (details.type !== 'GPU') return;
    const d = gpuCrashes.crashed(Date.now());
    log.error(`GPU process gone: ${details.reason} (exit code ${details.exitCode}); ${d.recent} within 10 min`);
    if (d.fallback !== 'software' || wallState.state.softwareRendering) return;
    const reason = `${d.recent} GPU process crashes within 10 minutes, last: ${details.reason}`;
    log.error(`${reason}: relaunching with software rendering`);
    try {
      writeWallState(WALL_STATE, { ...readWallState(WALL_STATE).state, softwareRendering: true, softwareReason: reason });
      quitting = true;
      app.relaunch();
      app.exit(0);
    } catch (error) {
      log.error(`cannot switch to software rendering: ${describeError(error)}`);
    }
  });

  let stopped = false;
  app.on('before-quit', (event) => {
    if (kioskLike && !quitting) {
      // An accidental quit (a keyboard shortcut, a stray click) would leave the wall black.
      event.preventDefault();
      log.warn(`quit refused in kiosk mode; use ${ADMIN_EXIT_ACCELERATOR}`);
      return;
    }
    if (stopped || !supervisor) return;
    event.preventDefault();
    stopped = true;
    log.info('quitting: stopping the demo stream server');
    void supervisor.stop(2000).finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => {
      if (!config.diag) Menu.setApplicationMenu(null);
      lockPermissions(log, () => backend?.url);
      handleAppProtocol({
        root: RENDERER_ROOT,
        // Before the backend is known the page is not loaded; loopback keeps the policy valid.
        csp: () => buildCsp({ backendOrigin: backend?.url ?? 'http://127.0.0.1', basemapUrl: config.map?.basemap, mediaUrls: config.media }),
        ...(config.map?.pmtiles ? { pmtiles: config.map.pmtiles } : {}),
        onRefused: (url, status) => log.warn(`app:// ${status} for ${url}`),
      });
      registerIpc({ log, config, backend: () => backend });

      if (kioskLike) {
        const blocker = powerSaveBlocker.start('prevent-display-sleep');
        log.info(`display sleep prevented (power save blocker ${blocker})`);
        const ok = globalShortcut.register(ADMIN_EXIT_ACCELERATOR, () => {
          log.warn('admin exit shortcut pressed; asking for confirmation');
          void dialog
            .showMessageBox({ type: 'warning', buttons: ['取消 Cancel', '退出 Quit'], defaultId: 0, cancelId: 0, title: 'Qujing wall', message: '确定退出大屏程序？ Quit the wall application?' })
            .then(({ response }) => {
              if (response !== 1) return log.info('admin exit cancelled');
              log.warn('admin exit confirmed; quitting');
              quitting = true;
              app.quit();
            });
        });
        if (!ok) log.warn(`admin exit shortcut ${ADMIN_EXIT_ACCELERATOR} could not be registered`);
      }

      let w: WallWindow | undefined;
      if (profile && wallId) {
        const remembered = wallState.state;
        const start = startupScene({
          remembered: remembered.scene,
          rememberedAt: remembered.sceneSetAt,
          scheduled: scheduledSceneAt(profile.schedule ?? [], Date.now()),
          scenes: Object.keys(profile.scenes),
          defaultScene: profile.defaultScene,
        });
        log.info(`wall ${wallId}: starting with scene ${start.scene} (${start.why})`);
        manager = new WallManager({
          profile,
          wallId,
          scene: start.scene,
          log,
          baseUrl: () => WALL_URL,
          window: { preload: PRELOAD, diag: config.diag, kiosk: config.kiosk, isWallUrl: isAppUrl, lang: config.lang, quitting: () => quitting },
          statePath: WALL_STATE,
          state: remembered,
        });
      } else {
        w = new WallWindow({ preload: PRELOAD, diag: config.diag, kiosk: config.kiosk, log, isWallUrl: isAppUrl, lang: config.lang, quitting: () => quitting });
        wall = w;
        w.window.on('closed', () => {
          if (wall === w) wall = undefined;
        });
      }

      if (config.server) {
        backend = { url: config.server.url, token: config.server.token, demo: false };
        if (manager) manager.start();
        else w?.load(WALL_URL);
        return;
      }

      if (!existsSync(SERVER_ENTRY)) {
        log.error(`demo stream server missing at ${SERVER_ENTRY}; run the build (node scripts/build.mjs)`);
        w?.load(demoServerProblemPage(`${SERVER_ENTRY} is missing — the application was not built completely.`, config.lang));
        return;
      }
      // One token per run: restarts keep it, so renderers reconnect with what they already have.
      const token = randomBytes(24).toString('base64url');
      redact.addSecret(token);
      supervisor = new DemoServerSupervisor({
        fork: utilityForker(SERVER_ENTRY, token),
        log: log.child('demo'),
        seed: config.demo.seed,
        speed: config.demo.speed,
        // Alarms, acknowledgements and dispatches survive a restart of the app.
        dataDir: join(app.getPath('userData'), 'stream-data'),
        mediaDir: app.isPackaged ? join(process.resourcesPath, 'video') : join(app.getAppPath(), 'assets', 'video'),
        onReady: (port, { first, portChanged }) => {
          backend = { url: `http://127.0.0.1:${port}`, token, demo: true };
          if (manager) {
            if (first) manager.start();
            else if (portChanged) manager.reloadAll();
            return;
          }
          if (!wall) return;
          // Same port after a restart: the page reconnects by itself, leave it alone.
          if (first || portChanged || !isAppUrl(wall.currentUrl)) wall.load(WALL_URL, { reload: portChanged });
        },
        onProblem: (message) => wall?.load(demoServerProblemPage(message, config.lang)),
      });
      supervisor.start();
    })
    .catch((error: unknown) => {
      log.error(`startup failed: ${describeError(error)}`);
      app.exit(1);
    });
}
