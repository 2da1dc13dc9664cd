#!/usr/bin/env node
// `npm test`: everything, in the order that fails fastest — typecheck, lint, unit tests,
// build, end-to-end tests — then one summary line with the counts of every test run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './lib/find-chromium.mjs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const unitJson = `${results}/unit.json`;
const e2eJson = `${results}/e2e.json`;
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

const chromium = findChromium();
if ('error' in chromium) {
  console.error(`npm test: ${chromium.error}`);
  process.exit(1);
}

const steps = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['unit', ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]],
  ['security scan', ['node', 'scripts/lib/electronegativity.mjs']],
  ['build', ['node', 'scripts/build.mjs']],
  ['e2e', ['node', 'scripts/e2e.mjs']],
  // A short soak: faults on a schedule against an accelerated simulation (scripts/soak.mjs).
  ['soak', ['npx', 'tsx', 'scripts/soak.mjs', '--minutes', '0.75', '--speed', '20']],
];

const failedSteps = [];
for (const [name, [cmd, ...args]] of steps) {
  const t0 = Date.now();
  console.log(`\n── ${name} ──`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, QUJING_CHROMIUM: chromium.path } });
  const ok = r.status === 0;
  console.log(`── ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(name);
  // Nothing after a broken build can be trusted.
  if (!ok && (name === 'typecheck' || name === 'build')) break;
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(unitJson)) {
  const u = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += u.numPassedTests ?? 0;
  failed += u.numFailedTests ?? 0;
  skipped += (u.numPendingTests ?? 0) + (u.numTodoTests ?? 0);
}
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
if (failedSteps.length) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length || failed ? 1 : 0);
