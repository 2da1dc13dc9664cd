#!/usr/bin/env node
// Benchmarks against baselines measured in the same run (see bench/ and docs/performance.md).
//   npm run bench [-- --quick] [-- --only=units,heat,transport,latency,video,soak,startup]
// Durations on a 2-core machine (each item's own time and the total are printed at the end):
//   --quick  under 5 minutes for every item;
//   full     about 37 minutes (run #7: 2,217 s): units+latency ~12 min (6 loads × 3 implementations
//            and the idle page), heat ~3, transport ~2, video ~5, soak ~14 (outage and 3 min of
//            warm-up, then 600 s = a simulated 24 h at --speed 144), start-up ~1.
// QUJING_DIST=dist-x: the app build in dist-x/ and the bench pages in node_modules/.cache/qujing-bench-dist-x,
// so a bench never serves pages or an app that another build is replacing.
// Runs under tsx (package.json) so it can load the bench and the protocol's TypeScript.
import { runBench } from '../bench/run.ts';

runBench(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
