/**
 * Item 5 (video capacity): N tiles of the stream server's demo cameras played by the wall's
 * own players, per protocol and quality, N rising until a tile stops being smooth. Smooth:
 * no player error, under 10 % dropped frames and at least 90 % of the stream's 25 fps
 * decoded (headless Chromium rarely reports drops, so the decoded rate is checked too).
 */
import type { Browser } from 'playwright-core';
import { benchReady, browserCpuSeconds, openPage, sleep } from '../lib/browser';
import type { BenchOptions, ItemResult, Row } from '../lib/rows';
import { newToken, startServer, type StreamServer } from '../lib/wall';

const STREAM_FPS = 25;
type Proto = 'hls' | 'http-flv' | 'ws-flv';

interface Step {
  proto: Proto;
  q: 'sub' | 'main';
  n: number;
  minFps: number;
  meanFps: number;
  droppedPct: number;
  errors: number;
  cpuMsPerTileSecond: number;
  smooth: boolean;
}

async function step(browser: Browser, o: BenchOptions, server: StreamServer, proto: Proto, q: 'sub' | 'main', n: number, first: number): Promise<Step> {
  const bp = await openPage(browser, `${o.loadUrl}/?item=video&proto=${proto}&q=${q}&n=${n}&first=${first}&server=${encodeURIComponent(server.url)}`);
  try {
    await benchReady(bp.page, 30_000);
    // Live HLS starts a few segments behind the edge: wait until every tile shows frames.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const q = await bp.page.evaluate(() => window.bench.video!.quality());
      if (q.every((t) => t.playing && t.total > 0)) break;
      await sleep(250);
    }
    await sleep(o.quick ? 1500 : 4000);
    const q0 = await bp.page.evaluate(() => window.bench.video!.quality());
    const c0 = browserCpuSeconds();
    const t0 = performance.now();
    await sleep(o.quick ? 3000 : 10_000);
    const q1 = await bp.page.evaluate(() => window.bench.video!.quality());
    const c1 = browserCpuSeconds();
    const secs = (performance.now() - t0) / 1000;
    const fps = q1.map((b, i) => (b.total - b.dropped - (q0[i]!.total - q0[i]!.dropped)) / secs);
    const drops = q1.map((b, i) => {
      const total = b.total - q0[i]!.total;
      return total > 0 ? (b.dropped - q0[i]!.dropped) / total : 1;
    });
    const errors = q1.reduce((s, b) => s + b.errors, 0);
    const minFps = Math.min(...fps);
    const droppedPct = Math.max(...drops) * 100;
    return {
      proto,
      q,
      n,
      minFps,
      meanFps: fps.reduce((s, x) => s + x, 0) / fps.length,
      droppedPct,
      errors,
      cpuMsPerTileSecond: ((c1 - c0) * 1000) / secs / n,
      smooth: errors === 0 && droppedPct < 10 && minFps >= STREAM_FPS * 0.9,
    };
  } finally {
    await bp.close();
  }
}

export async function benchVideo(browser: Browser, o: BenchOptions, log: (s: string) => void): Promise<ItemResult> {
  let server: StreamServer;
  try {
    server = await startServer(newToken(), 1);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n').slice(0, 3).join(' ') : String(e);
    return { rows: [{ item: '5 video', case: 'all protocols', metric: 'smooth tiles', unit: 'tiles', ours: null, note: `not measured: the stream server with demo media did not start (${why})` }], raw: null };
  }
  const ladder = o.quick ? [1, 4] : [1, 2, 4, 6, 9, 12, 16, 20, 25];
  const all: Step[] = [];
  const rows: Row[] = [];
  let first = 1;
  try {
    // Quick: 360p only, up to four tiles; the full run climbs to 25 tiles at both qualities.
    for (const q of o.quick ? (['sub'] as const) : (['sub', 'main'] as const)) {
      for (const proto of ['hls', 'http-flv', 'ws-flv'] as const) {
        let best: Step | null = null;
        let one: Step | null = null;
        let stop: Step | null = null;
        for (const n of ladder) {
          const s = await step(browser, o, server, proto, q, n, first).catch((e: unknown) => {
            log(`  video ${proto} ${q} ×${n}: ${e instanceof Error ? e.message : String(e)}`);
            return null;
          });
          first += n;
          if (!s) break;
          all.push(s);
          log(`  video ${proto.padEnd(8)} ${q === 'sub' ? '360p' : '720p'} ×${String(n).padStart(2)}: min ${s.minFps.toFixed(1)} fps, dropped ≤ ${s.droppedPct.toFixed(1)} %, ${s.errors} errors, ${s.cpuMsPerTileSecond.toFixed(0)} ms CPU/tile/s → ${s.smooth ? 'smooth' : 'NOT smooth'}`);
          if (n === 1) one = s;
          if (!s.smooth) {
            stop = s;
            break;
          }
          best = s;
        }
        const cap = best?.n ?? 0;
        rows.push({
          item: '5 video',
          case: `${proto} ${q === 'sub' ? '360p' : '720p'}`,
          metric: 'most tiles playing smoothly (<10 % dropped, ≥22.5 fps)',
          unit: 'tiles',
          ours: cap,
          baseA: one ? 1 : null,
          ratio: cap > 0 ? cap : null,
          note: `one tile: ${one ? `${one.minFps.toFixed(1)} fps, ${one.cpuMsPerTileSecond.toFixed(0)} ms CPU/s` : '—'}; ${best && best.n > 1 ? `at ${best.n}: ${best.cpuMsPerTileSecond.toFixed(0)} ms CPU per tile per s` : ''}${stop ? `; at ${stop.n} tiles: min ${stop.minFps.toFixed(1)} fps, ${stop.droppedPct.toFixed(0)} % dropped, ${stop.errors} errors` : `; ladder ended at ${ladder[ladder.length - 1]} (capacity may be higher)`}; base A = one tile, ratio = tiles relative to one`,
        });
      }
    }
  } finally {
    await server.stop();
  }
  return { rows, raw: all };
}
