/**
 * `npm run bench [-- --quick] [-- --only=units,heat,transport,latency,video,soak,startup] [-- --report-only]`
 * Builds the bench pages, starts the load server and Debian's Chromium, runs each item with
 * its baselines in the same run, prints one table, writes bench/results/*.json and
 * docs/performance.md (the latter only for a run of every item).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { build as viteBuild } from 'vite';
import { ensureBuild } from '../scripts/lib/fresh-build.mjs';
import { benchHeat } from './items/heat';
import { benchSoak } from './items/soak';
import { benchStartup } from './items/startup';
import { benchTransport } from './items/transport';
import { benchUnits } from './items/units';
import { benchVideo } from './items/video';
import { browserVersion, excludeFromBrowserCpu, glRenderer, launch } from './lib/browser';
import { machine } from './lib/machine';
import { startLoadServer } from './lib/processes';
import { textTable } from './lib/report';
import { writePerformanceDoc } from './lib/performance-doc';
import type { ItemResult, Row } from './lib/rows';

export const ITEMS = ['units', 'heat', 'transport', 'latency', 'video', 'soak', 'startup'] as const;
type Item = (typeof ITEMS)[number];

export async function runBench(argv: string[]): Promise<number> {
  if (argv.includes('--report-only')) return reportOnly();
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = new Set<Item>((onlyArg ? onlyArg.split(',') : ITEMS) as Item[]);
  for (const i of only) if (!ITEMS.includes(i)) throw new Error(`unknown item ${i}; items: ${ITEMS.join(', ')}`);
  const started = Date.now();
  const log = (s: string) => console.log(s);

  // Only the items that open the wall itself need the app build; the others use bench pages.
  if (['heat', 'video', 'soak', 'startup'].some((i) => only.has(i as Item))) ensureBuild();
  await viteBuild({ configFile: 'bench/vite.config.ts', logLevel: 'warn' });
  const load = await startLoadServer();
  excludeFromBrowserCpu(load.pid);
  const browser = await launch();
  const m = machine(await browserVersion(browser), await glRenderer(browser));
  log(`bench: ${quick ? 'quick' : 'full'} run of ${[...only].join(', ')} on ${m.cpu} ×${m.cores}, Chromium ${m.chromium}, ${m.gl}`);
  const results: Partial<Record<Item, ItemResult>> = {};
  const o = { quick, loadUrl: load.url };
  // Each item's own wall-clock duration, printed as it ends and again with the total.
  const durations: [string, number][] = [];
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await run();
    } finally {
      const s = (Date.now() - t0) / 1000;
      durations.push([name, s]);
      log(`  (${name}: ${s.toFixed(0)} s)`);
    }
  };
  try {
    if (only.has('units') || only.has('latency')) {
      log('1/4 unit updates and event to pixel…');
      const r = await timed('units+latency', () => benchUnits(browser, o, log));
      if (only.has('units')) results.units = r.units;
      if (only.has('latency')) results.latency = r.latency;
    }
    if (only.has('heat')) {
      log('2 heat map…');
      results.heat = await timed('heat', () => benchHeat(browser, o, log));
    }
    if (only.has('transport')) {
      log('3 transport…');
      results.transport = await timed('transport', () => benchTransport(browser, o, log));
    }
    if (only.has('video')) {
      log('5 video…');
      results.video = await timed('video', () => benchVideo(browser, o, log));
    }
    if (only.has('soak')) {
      log('6 memory soak…');
      results.soak = await timed('soak', () => benchSoak(browser, o, log));
    }
    if (only.has('startup')) {
      log('7 start-up…');
      results.startup = await timed('startup', () => benchStartup(o, log));
    }
  } finally {
    await browser.close();
    await load.stop();
  }
  const order: Item[] = ['units', 'heat', 'transport', 'latency', 'video', 'soak', 'startup'];
  const rows: Row[] = order.flatMap((i) => results[i]?.rows ?? []);
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${textTable(rows)}\n`);
  const date = new Date().toISOString();
  m.loadAverageEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const json = { date, mode: quick ? 'quick' : 'full', seconds, itemSeconds: Object.fromEntries(durations), machine: m, items: [...only], results };
  mkdirSync('bench/results', { recursive: true });
  const stamp = date.replace(/[:.]/g, '-');
  writeFileSync(`bench/results/${stamp}${quick ? '-quick' : ''}.json`, JSON.stringify(json, null, 2));
  writeFileSync('bench/results/latest.json', JSON.stringify(json, null, 2));
  if (only.size === ITEMS.length) {
    writePerformanceDoc('docs/performance.md', { date, quick, seconds, machine: m, rows, results });
    log('wrote docs/performance.md');
  } else log('partial run (--only): docs/performance.md left as it was');
  log(`durations: ${durations.map(([n, d]) => `${n} ${d.toFixed(0)} s`).join(', ')}; total ${seconds.toFixed(0)} s (${(seconds / 60).toFixed(1)} min, build and browser start included)`);
  log(`bench: ${rows.filter((r) => r.pass === false).length} of ${rows.filter((r) => r.pass != null).length} targets missed; ${seconds.toFixed(0)} s; bench/results/latest.json`);
  return 0;
}

/** `--report-only`: rewrites docs/performance.md from bench/results/latest.json without measuring. */
function reportOnly(): number {
  const last = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as {
    date: string;
    mode: string;
    seconds: number;
    machine: Parameters<typeof writePerformanceDoc>[1]['machine'];
    items: string[];
    results: Partial<Record<Item, ItemResult>>;
  };
  if (last.items.length !== ITEMS.length) throw new Error('bench/results/latest.json is from a partial run (--only)');
  const rows = ITEMS.flatMap((i) => last.results[i]?.rows ?? []);
  writePerformanceDoc('docs/performance.md', { date: last.date, quick: last.mode === 'quick', seconds: last.seconds, machine: last.machine, rows, results: last.results });
  console.log(`${textTable(rows)}\nwrote docs/performance.md from ${last.date}`);
  return 0;
}
