import { defineConfig } from 'vite';

// Bench pages only (not the app): built from bench/pages into node_modules/.cache/qujing-bench,
// served by the bench load server. Not under dist/: every app build empties dist/, which would pull
// the pages out from under a running bench.
export default defineConfig({
  root: 'bench/pages',
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: '../../node_modules/.cache/qujing-bench',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 8192,
    assetsInlineLimit: 0,
  },
});
