#!/usr/bin/env node
// End-to-end tests in a real Chromium (and Electron where its binary exists) against
// real stream-server processes. Extra arguments go to `playwright test`.
import { spawnSync } from 'node:child_process';
import { findChromium } from './lib/find-chromium.mjs';
import { ensureBuild } from './lib/fresh-build.mjs';

const chromium = findChromium();
if ('error' in chromium) {
  console.error(`e2e: ${chromium.error}`);
  process.exit(1);
}
ensureBuild();
const r = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, QUJING_CHROMIUM: chromium.path },
});
process.exit(r.status ?? 1);
