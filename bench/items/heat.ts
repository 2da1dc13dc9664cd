/**
 * Item 2 (heat map): per implementation and size, a fresh page loads N incidents, then the
 * same sequence of window/filter changes and playback steps; each is timed to the first
 * frame drawn with it. Long tasks during the changes are counted.
 */
import type { Browser } from 'playwright-core';
import { benchReady, mainThreadSeconds, openPage } from '../lib/browser';
import { costRow, fin, measureImpls } from '../lib/compare';
import type { BenchOptions, ItemResult, Row } from '../lib/rows';
import { median } from '../lib/stats';

type Impl = 'ours' | 'objects' | 'maplibre';
const IMPLS = ['ours', 'objects', 'maplibre'] as const satisfies readonly Impl[];

interface Measure {
  impl: Impl;
  incidents: number;
  loadMs: number;
  windowMs: number;
  playbackMs: number;
  windowSyncMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  windowLongTasks: number;
  busyMsPerChange: number;
  error?: string;
}

async function measure(browser: Browser, o: BenchOptions, impl: Impl, n: number): Promise<Measure> {
  const bp = await openPage(browser, `${o.loadUrl}/?item=heat&impl=${impl}&incidents=${n}`);
  const nan = NaN;
  try {
    await benchReady(bp.page, o.quick ? 90_000 : 300_000);
    const loadMs = await bp.page.evaluate(() => window.bench.heat!.loadMs);
    const steps = o.quick ? 4 : 16;
    const since = await bp.page.evaluate(() => window.bench.probe.reset());
    const b0 = await mainThreadSeconds(bp.cdp);
    const res: { ms: number; syncMs: number; kind: string; start: number }[] = [];
    for (let s = 0; s < steps; s++) {
      res.push(
        await bp.page.evaluate(async (step) => {
          const start = performance.now();
          return { ...(await window.bench.heat!.change(step)), start };
        }, s),
      );
    }
    const b1 = await mainThreadSeconds(bp.cdp);
    const lt = await bp.page.evaluate((t) => window.bench.probe.longTasks.filter((x) => x.start >= t), since);
    const win = res.filter((r) => r.kind === 'window');
    const pb = res.filter((r) => r.kind === 'playback');
    const inWindowChange = lt.filter((t) => win.some((w) => t.start >= w.start - 1 && t.start < w.start + w.ms + 1));
    return {
      impl,
      incidents: n,
      loadMs,
      windowMs: median(win.map((r) => r.ms)),
      playbackMs: median(pb.map((r) => r.ms)),
      windowSyncMs: median(win.map((r) => r.syncMs)),
      longTasks: lt.length,
      longTaskMaxMs: lt.reduce((m, t) => Math.max(m, t.duration), 0),
      windowLongTasks: inWindowChange.length,
      busyMsPerChange: ((b1 - b0) * 1000) / steps,
    };
  } catch (e) {
    return { impl, incidents: n, loadMs: nan, windowMs: nan, playbackMs: nan, windowSyncMs: nan, longTasks: nan, longTaskMaxMs: nan, windowLongTasks: nan, busyMsPerChange: nan, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    await bp.close();
  }
}

export async function benchHeat(browser: Browser, o: BenchOptions, log: (s: string) => void): Promise<ItemResult> {
  const sizes = o.quick ? [60_000, 1_000_000] : [60_000, 300_000, 1_000_000];
  const { all, trio } = await measureImpls(
    IMPLS,
    sizes,
    async (impl, n) =>
      // Loading a million GeoJSON features into maplibre takes minutes here: full run only.
      o.quick && impl === 'maplibre' && n > 300_000
        ? { impl, incidents: n, loadMs: NaN, windowMs: NaN, playbackMs: NaN, windowSyncMs: NaN, longTasks: NaN, longTaskMaxMs: NaN, windowLongTasks: NaN, busyMsPerChange: NaN, error: 'full run only' }
        : measure(browser, o, impl, n),
    (m, n) => {
      if (m.error === 'full run only') return;
      log(`  heat ${m.impl.padEnd(8)} ${n}: load ${m.loadMs.toFixed(0)} ms, window ${m.windowMs.toFixed(0)} ms, playback ${m.playbackMs.toFixed(0)} ms, ${m.windowLongTasks} long tasks in window changes (max ${m.longTaskMaxMs.toFixed(0)} ms)${m.error ? ` ERROR ${m.error}` : ''}`);
    },
  );
  const rows: Row[] = [];
  for (const n of sizes) {
    const t = trio(n);
    const [ours, a, b] = t;
    const at = { item: '2 heat map', case: `${n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`} incidents` };
    const errs = t.filter((m) => m.error).map((m) => `${m.impl}: ${m.error}`).join('; ') || undefined;
    rows.push(costRow(at, 'window/filter change → drawn', 'ms', t, (m) => m.windowMs, { note: errs }));
    rows.push(costRow(at, 'playback step → drawn', 'ms', t, (m) => m.playbackMs));
    const isTarget = n === 1_000_000;
    rows.push(
      costRow(at, 'long tasks during window changes (longest)', 'count', t, (m) => m.windowLongTasks, {
        ratio: null,
        target: isTarget ? 'no long task' : undefined,
        pass: isTarget ? ours.windowLongTasks === 0 : null,
        note: `longest task: ours ${fin(ours.longTaskMaxMs)?.toFixed(0) ?? '—'} ms, A ${fin(a.longTaskMaxMs)?.toFixed(0) ?? '—'} ms, B ${fin(b.longTaskMaxMs)?.toFixed(0) ?? '—'} ms`,
      }),
    );
  }
  return { rows, raw: all };
}
