// Rebuilds dist/ when it is missing or older than any source file, so `npm start`,
// `npm run web` and the end-to-end tests always run what is in the tree.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { distDir } from './dist-dir.mjs';

const SOURCES = ['renderer', 'shared', 'server', 'electron', 'assets', 'vite.config.ts', 'scripts/build.mjs', 'package.json'];
const OUTPUTS = ['renderer/index.html', 'electron/main.cjs', 'electron/preload.cjs', 'server/main.mjs'].map((o) => `${distDir()}/${o}`);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIsFresh(root = '.') {
  if (!OUTPUTS.every((o) => existsSync(resolve(root, o)))) return false;
  const oldestOutput = Math.min(...OUTPUTS.map((o) => statSync(resolve(root, o)).mtimeMs));
  return SOURCES.every((s) => newestMtime(join(root, s)) <= oldestOutput);
}

export function ensureBuild(root = '.') {
  if (buildIsFresh(root)) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build failed');
    process.exit(r.status ?? 1);
  }
}
