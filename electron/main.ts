/**
 * Electron main process of the Qujing wall: configuration, logging, the app:// scheme, the
 * wall window and — when no backend is configured — the demo stream server. Logic lives in
 * the capability folders; this file only wires them to Electron's lifecycle.
 */
import { app, Menu } from 'electron';
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

// dist/electron/main.cjs → its siblings in dist/.
const PRELOAD = join(__dirname, 'preload.cjs');
const RENDERER_ROOT = join(__dirname, '..', 'renderer');
const SERVER_ENTRY = join(__dirname, '..', 'server', 'main.mjs');

registerAppSchemePrivileges();

// A separate profile (config.json, logs, single-instance lock) per wall process, e.g. for tests.
if (process.env.QUJING_USER_DATA) app.setPath('userData', resolve(process.env.QUJING_USER_DATA));

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

  let backend: Backend | undefined;
  let wall: WallWindow | undefined;
  let supervisor: DemoServerSupervisor | undefined;

  hardenWebContents(log);
  app.on('second-instance', () => {
    log.info('second launch: focusing the running wall');
    wall?.focus();
  });
  // A wall has nothing to live for without its window, on macOS too.
  app.on('window-all-closed', () => app.quit());

  let stopped = false;
  app.on('before-quit', (event) => {
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
        csp: () => buildCsp({ backendOrigin: backend?.url ?? 'http://127.0.0.1', basemapUrl: config.map?.basemap }),
        ...(config.map?.pmtiles ? { pmtiles: config.map.pmtiles } : {}),
        onRefused: (url, status) => log.warn(`app:// ${status} for ${url}`),
      });
      registerIpc({ log, config, backend: () => backend });

      const w = new WallWindow({ preload: PRELOAD, diag: config.diag, kiosk: config.kiosk, log, isWallUrl: isAppUrl });
      wall = w;
      w.window.on('closed', () => {
        if (wall === w) wall = undefined;
      });

      if (config.server) {
        backend = { url: config.server.url, token: config.server.token, demo: false };
        w.load(WALL_URL);
        return;
      }

      if (!existsSync(SERVER_ENTRY)) {
        log.error(`demo stream server missing at ${SERVER_ENTRY}; run the build (node scripts/build.mjs)`);
        w.load(demoServerProblemPage(`${SERVER_ENTRY} is missing — the application was not built completely.`, config.lang));
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
        onReady: (port, { first, portChanged }) => {
          backend = { url: `http://127.0.0.1:${port}`, token, demo: true };
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
