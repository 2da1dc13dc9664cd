import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Path of the Electron executable, or undefined when it is not installed. Same rules as
 * findElectronBinary in scripts/start.mjs: read what node_modules/electron/index.js would
 * resolve, without loading it (it starts a download when the binary is missing).
 */
export function findElectronBinary(repoDir: string): string | undefined {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(repoDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}
