/**
 * Chromium for the bench: Debian's browser with the flags the end-to-end tests use
 * (headless, SwiftShader WebGL2), a fresh context per measurement, and CDP probes for
 * main-thread busy time, memory and DOM counters.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/lib/find-chromium.mjs';
import { descendantCpuSeconds } from './proctree';

export const VIEWPORT = { width: 1920, height: 1080 };

export function chromiumPath(): string {
  const found = findChromium();
  if ('error' in found) throw new Error(found.error);
  return found.path;
}

export async function launch(): Promise<Browser> {
  // performance.memory needs precise figures; long tasks need the page in the foreground.
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--autoplay-policy=no-user-gesture-required'],
  });
}

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, url: string): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  // Wall-clock task time (the default time domain): a main thread blocked on the GPU process
  // (software GL runs there) is as unavailable as one running script.
  await cdp.send('Performance.enable');
  await page.goto(url);
  return { page, cdp, close: () => context.close() };
}

/** Seconds the renderer's main thread spent running tasks so far (CDP TaskDuration). */
export async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Waits for the bench page's `window.bench.ready`, failing with the page's own error. */
export async function benchReady(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => typeof window.bench === 'object', undefined, { timeout: 30_000 });
  const outcome = await page.evaluate(
    (ms) =>
      Promise.race([
        window.bench.ready.then(() => 'ok'),
        new Promise<string>((r) => setTimeout(() => r('timeout'), ms)),
      ]).catch((e: unknown) => `error: ${e instanceof Error ? e.message : String(e)}`),
    timeoutMs,
  );
  if (outcome !== 'ok') throw new Error(`bench page not ready: ${outcome}`);
}

export async function browserVersion(browser: Browser): Promise<string> {
  return browser.version();
}

/** The WebGL renderer string the page gets (SwiftShader here). */
export async function glRenderer(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const s = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL2';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  });
  await context.close();
  return s;
}

/** CPU seconds used so far by every Chromium process this bench started (not the load server). */
export function browserCpuSeconds(): number {
  return descendantCpuSeconds(process.pid, excludedPids);
}
const excludedPids: (number | undefined)[] = [];
export function excludeFromBrowserCpu(pid: number | undefined): void {
  excludedPids.push(pid);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
