#!/usr/bin/env node
// Benchmarks against baselines measured in the same run (see bench/ and docs/performance.md).
//   npm run bench [-- --quick] [-- --only=units,heat,transport,latency,video,soak,startup]
// Runs under tsx (package.json) so it can load the bench and the protocol's TypeScript.
import { runBench } from '../bench/run.ts';

runBench(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
