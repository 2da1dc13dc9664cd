// A/B of bench pages in one browser, alternating, fresh page each: tsx bench/ab.ts "<query A>" "<query B>" [rounds] [seconds]
// Prints frames per second, overlay draws, event-to-pixel p50/p95 and the page's own timed work
// (ms/s, by part) per run and the medians:
// used to compare drawing options on a noisy machine (alternation spreads the noise over both).
import { build as viteBuild } from 'vite';
import { benchReady, launch, openPage, sleep } from './lib/browser';
import { startLoadServer } from './lib/processes';
import { median, percentile } from './lib/stats';

const [a = '', b = '', roundsArg = '3', secondsArg = '5'] = process.argv.slice(2);
await viteBuild({ configFile: 'bench/vite.config.ts', logLevel: 'warn' });
const load = await startLoadServer();
const browser = await launch();
const got: Record<string, { fps: number; p50: number; p95: number; work: number }[]> = { A: [], B: [] };
try {
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const [name, q] of [['A', a], ['B', b]] as const) {
      const bp = await openPage(browser, `${load.url}/?item=units&${q}`);
      await benchReady(bp.page, 60_000);
      await sleep(1000);
      const since = await bp.page.evaluate(() => window.bench.probe.reset());
      await sleep(Number(secondsArg) * 1000);
      const s = await bp.page.evaluate((t) => window.bench.probe.snapshot(t), since);
      const perS = (ms: number) => ms / (s.elapsedMs / 1000);
      const m = { fps: s.frames / (s.elapsedMs / 1000), p50: percentile(s.latencies, 50), p95: percentile(s.latencies, 95), work: perS(s.workMs) };
      got[name]!.push(m);
      const parts = Object.entries(s.workByPart).map(([k, v]) => `${k} ${perS(v).toFixed(2)}`).join(', ');
      console.log(`${name} ${q}: ${m.fps.toFixed(1)} fps, ${s.draws} draws / ${s.batches} batches, e2p p50 ${m.p50.toFixed(0)} p95 ${m.p95.toFixed(0)} ms, own work ${m.work.toFixed(2)} ms/s (${parts})`);
      await bp.close();
    }
  }
  for (const name of ['A', 'B']) {
    const xs = got[name]!;
    console.log(`${name} median: ${median(xs.map((x) => x.fps)).toFixed(1)} fps, e2p p50 ${median(xs.map((x) => x.p50)).toFixed(0)} ms, p95 ${median(xs.map((x) => x.p95)).toFixed(0)} ms, own work ${median(xs.map((x) => x.work)).toFixed(2)} ms/s`);
  }
} finally {
  await browser.close();
  await load.stop();
}
