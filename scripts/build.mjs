#!/usr/bin/env node
// One build for everything that runs: the renderer (Vite), the Electron main process and
// preload, and the stream server (esbuild). Output in dist/.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';

const t0 = Date.now();
rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.geo.json': 'json' },
};

await Promise.all([
  viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' }),
  // Main process: CommonJS, electron provided at run time, npm dependencies from node_modules.
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', packages: 'external' }),
  // Sandboxed preloads must be a single CommonJS file that requires nothing but 'electron'.
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  // Stream server: runs in a utility process under Electron, or under plain Node.
  esbuild({ ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server/main.mjs', format: 'esm', packages: 'external' }),
]);
console.log(`build: dist/ ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
