// Screenshots of a bench page (a look at what is measured): tsx bench/look.ts <query> <out-prefix> [shots] [gapMs]
import { build as viteBuild } from 'vite';
import { benchReady, launch, openPage, sleep } from './lib/browser';
import { startLoadServer } from './lib/processes';

const [query = 'item=units&impl=ours&units=1000&hz=1', out = 'e2e/artifacts/bench-look', shots = '2', gap = '400'] = process.argv.slice(2);
await viteBuild({ configFile: 'bench/vite.config.ts', logLevel: 'warn' });
const load = await startLoadServer();
const browser = await launch();
try {
  const bp = await openPage(browser, `${load.url}/?${query}`);
  const errors: string[] = [];
  bp.page.on('console', (m) => {
    if (process.env.LOOK_ALL || m.type() === 'error' || m.type() === 'warning') errors.push(m.text().slice(0, 3000));
  });
  await benchReady(bp.page, 60_000);
  await sleep(3000);
  const since = await bp.page.evaluate(() => window.bench.probe.reset());
  if (process.env.LOOK_PROFILE) {
    await bp.cdp.send('Profiler.enable');
    await bp.cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await bp.cdp.send('Profiler.start');
  }
  await sleep(Number(process.env.LOOK_MS ?? 4000));
  if (process.env.LOOK_PROFILE) {
    const { profile } = await bp.cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
    // Inclusive time of named functions (self + callees; a recursive name counts once per
    // stack), per batch: where a batch's main-thread work goes.
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const total = new Map<string, number>();
    (profile.samples ?? []).forEach((id, i) => {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const name = byId.get(n)!.callFrame.functionName;
        if (name && !seen.has(name)) {
          seen.add(name);
          total.set(name, (total.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
        }
      }
    });
    const batches = await bp.page.evaluate(() => window.bench.probe.batches);
    const wanted = (process.env.LOOK_PROFILE_NAMES ?? 'onmessage,decodeUnitPositions,applyPositions,frame,build,sync,land,unitDots,unitLayer,setLayers,setProps,drawNow,redraw,_drawLayers,updateAttributes,_onRenderFrame').split(',');
    console.log(`inclusive ms per batch (${batches} batches):`);
    console.log(wanted.map((w) => `${w} ${((total.get(w) ?? 0) / Math.max(1, batches)).toFixed(2)}`).join(', '));
  }
  const snap = await bp.page.evaluate((t) => window.bench.probe.snapshot(t), since);
  console.log(`frames ${snap.frames} in ${snap.elapsedMs.toFixed(0)} ms, overlay draws ${snap.draws}, updates ${snap.updates} in ${snap.batches} batches, latencies ${snap.latencies.length}, long tasks ${snap.longTasks}`);
  const perS = (ms: number) => ((ms * 1000) / snap.elapsedMs).toFixed(2);
  console.log(`own work ${perS(snap.workMs)} ms/s: ${Object.entries(snap.workByPart).map(([k, v]) => `${k} ${perS(v)}`).join(', ')}`);
  // The wall's frame loop, when the page runs it: draws, smoothed draw cost, glide decision.
  const loop = await bp.page.evaluate(() => {
    const b = (window as unknown as { benchLoop?: { loop: { drawCostMs: number; slow: boolean; counts: object }; builder: { glide: object }; sleeps?: { frames: number }[] } }).benchLoop;
    return b ? { drawCostMs: Math.round(b.loop.drawCostMs), slow: b.loop.slow, ...b.loop.counts, glide: b.builder.glide, deckFrames: b.sleeps?.map((s) => s.frames) } : null;
  });
  if (loop) console.log(`frame loop: ${JSON.stringify(loop)}`);
  for (let i = 0; i < Number(shots); i++) {
    await bp.page.screenshot({ path: `${out}-${i}.png` });
    await sleep(Number(gap));
  }
  console.log(errors.length ? errors.join('\n') : 'no console errors');
  await bp.close();
} finally {
  await browser.close();
  await load.stop();
}
