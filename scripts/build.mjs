#!/usr/bin/env node
// One build for everything that runs: the renderer (Vite), the Electron main process and
// preload, and the stream server (esbuild). Output in dist/.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { distDir } from './lib/dist-dir.mjs';

const t0 = Date.now();
const out = distDir();
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.geo.json': 'json' },
};

await Promise.all([
  viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: resolve(out, 'renderer'), emptyOutDir: true } }),
  // Main process: CommonJS, electron provided at run time, npm dependencies from node_modules.
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: `${out}/electron/main.cjs`, format: 'cjs', packages: 'external' }),
  // Sandboxed preloads must be a single CommonJS file that requires nothing but 'electron'.
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: `${out}/electron/preload.cjs`, format: 'cjs', external: ['electron'] }),
  // Stream server: runs in a utility process under Electron, or under plain Node.
  esbuild({ ...common, entryPoints: ['server/main.ts'], outfile: `${out}/server/main.mjs`, format: 'esm', packages: 'external' }),
]);
console.log(`build: ${out}/ ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
