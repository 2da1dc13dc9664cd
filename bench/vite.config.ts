import { defineConfig } from 'vite';
import { benchPagesDir } from './lib/pages-dir.mjs';

// Bench pages only (not the app): built from bench/pages into node_modules/.cache/qujing-bench
// (qujing-bench-<QUJING_DIST> for a private build, see lib/pages-dir.mjs),
// served by the bench load server. Not under dist/: every app build empties dist/, which would pull
// the pages out from under a running bench.
export default defineConfig({
  root: 'bench/pages',
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: `../../${benchPagesDir()}`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 8192,
    assetsInlineLimit: 0,
  },
});
