import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/lib/find-chromium.mjs';

// Two cores: one worker, generous timeouts for software WebGL.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\//,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.QUJING_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS },
        viewport: { width: 1920, height: 1080 },
        screenshot: 'only-on-failure',
        trace: 'off',
      },
    },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
