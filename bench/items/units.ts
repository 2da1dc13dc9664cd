/**
 * Item 1 (unit updates) and item 4 (event to pixel): each implementation in a fresh page at
 * each load; main-thread busy time from CDP, long tasks and frames from the page probe.
 */
import type { Browser } from 'playwright-core';
import { benchReady, browserCpuSeconds, mainThreadSeconds, openPage, sleep } from '../lib/browser';
import { costRow, fin, measureImpls } from '../lib/compare';
import { ratioOf, type BenchOptions, type ItemResult, type Row } from '../lib/rows';
import { median, percentile } from '../lib/stats';

type Impl = 'ours' | 'objects' | 'geojson';
const IMPLS = ['ours', 'objects', 'geojson'] as const satisfies readonly Impl[];

interface Measure {
  impl: Impl;
  units: number;
  hz: number;
  busyMsPerSecond: number;
  msPer1000: number;
  /** CPU ms of all Chromium processes (GPU process included) per 1,000 updates. */
  cpuMsPer1000: number;
  cpuMsPerSecond: number;
  longTasksPerMin: number;
  longTaskMsMax: number;
  fps: number;
  frameMs: number;
  updatesPerSecond: number;
  latencyP50: number;
  latencyP95: number;
  latencySamples: number;
  arrivalP50: number;
  arrivalP95: number;
  error?: string;
}

async function measure(browser: Browser, o: BenchOptions, impl: Impl, units: number, hz: number): Promise<Measure> {
  const url = `${o.loadUrl}/?item=units&impl=${impl}&units=${units}&hz=${hz}`;
  const bp = await openPage(browser, url);
  try {
    await benchReady(bp.page, 60_000);
    await sleep(o.quick ? 1000 : 4000);
    const since = await bp.page.evaluate(() => window.bench.probe.reset());
    const b0 = await mainThreadSeconds(bp.cdp);
    const c0 = browserCpuSeconds();
    await sleep(o.quick ? 4000 : 15_000);
    const c1 = browserCpuSeconds();
    const b1 = await mainThreadSeconds(bp.cdp);
    const s = await bp.page.evaluate((t) => window.bench.probe.snapshot(t), since);
    const seconds = s.elapsedMs / 1000;
    const busyMs = (b1 - b0) * 1000;
    return {
      impl,
      units,
      hz,
      busyMsPerSecond: busyMs / seconds,
      msPer1000: s.updates > 0 ? (busyMs / s.updates) * 1000 : NaN,
      cpuMsPer1000: s.updates > 0 ? (((c1 - c0) * 1000) / s.updates) * 1000 : NaN,
      cpuMsPerSecond: ((c1 - c0) * 1000) / seconds,
      longTasksPerMin: s.longTasks / (seconds / 60),
      longTaskMsMax: 0,
      fps: s.frames / seconds,
      frameMs: median(s.frameIntervals),
      updatesPerSecond: s.updates / seconds,
      latencyP50: percentile(s.latencies, 50),
      latencyP95: percentile(s.latencies, 95),
      latencySamples: s.latencies.length,
      arrivalP50: percentile(s.arrivals, 50),
      arrivalP95: percentile(s.arrivals, 95),
    };
  } catch (e) {
    const nan = NaN;
    return { impl, units, hz, busyMsPerSecond: nan, msPer1000: nan, cpuMsPer1000: nan, cpuMsPerSecond: nan, longTasksPerMin: nan, longTaskMsMax: nan, fps: nan, frameMs: nan, updatesPerSecond: nan, latencyP50: nan, latencyP95: nan, latencySamples: 0, arrivalP50: nan, arrivalP95: nan, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await bp.close();
  }
}

export async function benchUnits(browser: Browser, o: BenchOptions, log: (s: string) => void): Promise<{ units: ItemResult; latency: ItemResult }> {
  const loads: [number, number][] = o.quick
    ? [
        [1000, 1],
        [10000, 1],
      ]
    : [
        [1000, 1],
        [1000, 4],
        [5000, 1],
        [5000, 4],
        [10000, 1],
        [10000, 4],
      ];
  const { all, trio } = await measureImpls(
    IMPLS,
    loads,
    (impl, [units, hz]) => measure(browser, o, impl, units, hz),
    (m) =>
      log(`  units ${m.impl.padEnd(7)} ${m.units}@${m.hz}Hz: ${m.msPer1000.toFixed(2)} ms/1k main, ${m.cpuMsPer1000.toFixed(1)} ms/1k all-process CPU, ${m.busyMsPerSecond.toFixed(0)} ms busy/s, ${m.longTasksPerMin.toFixed(1)} long tasks/min, ${m.fps.toFixed(1)} fps, e2p p95 ${m.latencyP95.toFixed(0)} ms (arrived ${m.arrivalP95.toFixed(0)} ms)${m.error ? ` ERROR ${m.error}` : ''}`),
  );
  const rows: Row[] = [];
  for (const load of loads) {
    const [units, hz] = load;
    const t = trio(load);
    const [ours, a, b] = t;
    const at = { item: '1 unit updates', case: `${units / 1000}k units @ ${hz} Hz` };
    // Headroom = how many times today's load the main thread could carry; the ratio of two
    // headrooms is the inverse ratio of their busy time per second.
    const headroom = ratioOf(Math.min(fin(a.busyMsPerSecond) ?? Infinity, fin(b.busyMsPerSecond) ?? Infinity), fin(ours.busyMsPerSecond));
    const isTarget = units === 10000 && hz === 1;
    rows.push(
      costRow(at, 'main-thread ms per 1,000 updates', 'ms', t, (m) => m.msPer1000, {
        ratio: headroom,
        target: isTarget ? 'headroom ≥ 5× the better baseline' : undefined,
        pass: isTarget ? (headroom === null ? false : headroom >= 5) : null,
        note: t.filter((m) => m.error).map((m) => `${m.impl}: ${m.error}`).join('; ') || undefined,
      }),
    );
    rows.push(
      costRow(at, 'CPU ms per 1,000 updates, all browser processes (GPU incl.)', 'ms', t, (m) => m.cpuMsPer1000, {
        note: `frames per second: ours ${ours.fps.toFixed(1)}, A ${a.fps.toFixed(1)}, B ${b.fps.toFixed(1)}`,
      }),
    );
    rows.push(costRow(at, 'long tasks per minute', '/min', t, (m) => m.longTasksPerMin, { ratio: null }));
  }
  const latencyRows: Row[] = [];
  for (const load of loads.filter(([, hz]) => hz === 1)) {
    const [units, hz] = load;
    const [ours, a, b] = trio(load);
    const frame = fin(ours!.frameMs);
    const budget = frame === null ? null : frame + 10;
    // "first frame showing movement": the first drawn frame that differs because of the report
    // (ours starts gliding there; the baselines jump there). "marker arrived": the first frame
    // drawn once ours' glide toward that report is over (one report interval later by design);
    // for the baselines it is the same frame as the first.
    const metrics = [
      ['p50', 'latencyP50', 'first frame showing the movement'],
      ['p95', 'latencyP95', 'first frame showing the movement'],
      ['p50', 'arrivalP50', 'frame with the marker arrived'],
      ['p95', 'arrivalP95', 'frame with the marker arrived'],
    ] as const;
    for (const [p, key, what] of metrics) {
      const isTarget = key === 'latencyP95';
      latencyRows.push({
        item: '4 event to pixel',
        case: `${(units * hz) / 1000}k updates/s`,
        metric: `${p} server timestamp → ${what} (frame ${frame?.toFixed(1) ?? '?'} ms)`,
        unit: 'ms',
        ours: fin(ours![key]),
        baseA: fin(a![key]),
        baseB: fin(b![key]),
        ratio: ratioOf(fin(a![key]), fin(ours![key])),
        target: isTarget ? `≤ frame + 10 ms (${budget?.toFixed(1) ?? '?'} ms)` : undefined,
        pass: isTarget ? (budget !== null && fin(ours!.latencyP95) !== null ? ours!.latencyP95 <= budget : false) : null,
        note: key === 'arrivalP50' ? 'ours glides for one report interval only where a batch moves a unit by a pixel or more on screen and the renderer can afford it, else it jumps like the baselines' : undefined,
      });
    }
  }
  return { units: { rows, raw: all }, latency: { rows: latencyRows, raw: all.map((m) => ({ impl: m.impl, units: m.units, hz: m.hz, p50: m.latencyP50, p95: m.latencyP95, arrivalP50: m.arrivalP50, arrivalP95: m.arrivalP95, samples: m.latencySamples, frameMs: m.frameMs, fps: m.fps })) } };
}
