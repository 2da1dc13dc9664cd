/**
 * Item 7 (start-up), browser mode: from nothing running to the first complete wall frame
 * with data (stream server spawned, Chromium launched, map view loaded, basemap and units
 * drawn). Baseline: the same launch to a blank page, the floor no application can beat.
 * Electron is not installed here, so the Electron shell's own start is not included.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/lib/find-chromium.mjs';
import { chromiumPath } from '../lib/browser';
import { ratioOf, type BenchOptions, type ItemResult } from '../lib/rows';
import { median } from '../lib/stats';
import { newToken, startServer, startWeb, wallComplete, wallDiagnostics, wallUrl } from '../lib/wall';

async function once(blank: boolean): Promise<{ totalMs: number; serverMs: number }> {
  const t0 = performance.now();
  const token = newToken();
  const server = blank ? null : await startServer(token, 1);
  const serverMs = performance.now() - t0;
  const web = await startWeb();
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    if (blank) {
      await page.goto('about:blank');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    } else {
      await page.goto(wallUrl(web.port, server!.url, token, 'map'));
      const deadline = Date.now() + 120_000;
      while (!wallComplete(await wallDiagnostics(page).catch(() => null))) {
        if (Date.now() > deadline) throw new Error('no complete wall frame within 120 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      // The frame after the one that took the data is the one on screen.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    return { totalMs: performance.now() - t0, serverMs };
  } finally {
    await browser.close();
    await web.close();
    await server?.stop();
  }
}

export async function benchStartup(o: BenchOptions, log: (s: string) => void): Promise<ItemResult> {
  const runs = o.quick ? 1 : 5;
  const wall: { totalMs: number; serverMs: number }[] = [];
  const blank: { totalMs: number }[] = [];
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    try {
      blank.push(await once(true));
      wall.push(await once(false));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const w = median(wall.map((r) => r.totalMs));
  const b = median(blank.map((r) => r.totalMs));
  const s = median(wall.map((r) => r.serverMs));
  log(`  start-up: wall ${w.toFixed(0)} ms (server ready ${s.toFixed(0)} ms), blank page ${b.toFixed(0)} ms, ${runs} runs`);
  const f = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    rows: [
      {
        item: '7 start-up',
        case: 'demo mode, browser',
        metric: 'launch → first complete wall frame with data (median)',
        unit: 'ms',
        ours: f(w),
        baseA: f(b),
        ratio: ratioOf(f(w), f(b)),
        note: `base A = the same Chromium launch to a blank page; ratio = wall ÷ blank (cost of the app over the floor); stream server ready after ${f(s)?.toFixed(0) ?? '—'} ms; Electron binary not installed here, so its shell start is not included${error ? `; error: ${error}` : ''}`,
      },
    ],
    raw: { wall, blank },
  };
}
