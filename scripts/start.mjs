#!/usr/bin/env node
// `npm start`: builds if needed and runs the wall in Electron. Where Electron's binary is not
// installed (it cannot be downloaded on every machine), says so in one line and points to
// browser mode instead of letting `require('electron')` start a download that will fail.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './lib/fresh-build.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Path of the Electron executable, or undefined when it is not installed. Mirrors what
 * node_modules/electron/index.js resolves (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH)
 * without ever calling it, because index.js downloads on a miss.
 * @param {string} [from] the repository folder
 * @returns {string | undefined}
 */
export function findElectronBinary(from = repo) {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(join(from, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}

function main() {
  const electron = findElectronBinary();
  if (!electron) {
    console.error(
      `Electron's binary is not installed on this machine (it could not be downloaded). Run the wall in a browser instead: npm run web -- --demo (see README "Browser mode").`,
    );
    process.exit(1);
  }

  ensureBuild(repo);

  const args = [];
  if (process.platform === 'linux') {
    // Under Wayland a client cannot place its windows on a chosen monitor; X11 (XWayland) can.
    const ozone = process.env.QUJING_OZONE ?? 'x11';
    if (ozone && ozone !== 'auto') args.push(`--ozone-platform=${ozone}`);
  }
  args.push(repo, ...process.argv.slice(2));

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  const child = spawn(electron, args, { cwd: repo, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!child.killed) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`could not start Electron (${electron}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
  });
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal];
}

// Importable (the Electron e2e spec reuses findElectronBinary) without starting anything.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
