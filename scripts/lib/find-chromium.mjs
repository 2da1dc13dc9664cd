// Finds a Chromium or Chrome already on this machine for the end-to-end tests and the
// browser mode. QUJING_CHROMIUM (or CHROME_PATH) wins when set.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** @returns {{ path: string } | { error: string }} */
export function findChromium(env = process.env) {
  const fromEnv = env.QUJING_CHROMIUM || env.CHROME_PATH;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { error: `QUJING_CHROMIUM points to ${fromEnv}, which does not exist.` };
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return { path: found };
  return {
    error:
      'No Chromium or Chrome found: install one (Debian/Ubuntu: apt-get install chromium) or set QUJING_CHROMIUM=/path/to/chrome.',
  };
}

/** Flags for headless Chromium with software WebGL2 (SwiftShader) and no background traffic. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...(typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : []),
];
