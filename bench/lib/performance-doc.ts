/** Writes docs/performance.md: machine, method, targets, the table, and what the figures say. */
import { writeFileSync } from 'node:fs';
import type { Machine } from './machine';
import { machineLines, markdownTable } from './report';
import type { ItemResult, Row } from './rows';
import { BOTTLENECKS, METHOD, findings } from './method';

export interface DocInput {
  date: string;
  quick: boolean;
  seconds: number;
  machine: Machine;
  rows: Row[];
  results: Partial<Record<string, ItemResult>>;
}

export function writePerformanceDoc(path: string, d: DocInput): void {
  const notes = d.rows.filter((r) => r.note).map((r) => `- **${r.item}, ${r.case}, ${r.metric}:** ${r.note}`);
  const text = `# Performance

Measured by \`npm run bench\`${d.quick ? ' -- --quick' : ''} (see [bench/](../bench)). Every figure has its baseline
measured in the same run on the same machine; the ratios matter, the absolute times of this
machine do not (software WebGL, two shared cores).

## Machine

${machineLines(d.machine, d.date, d.quick ? 'quick' : 'full', d.seconds)}

## Results

"ratio" is how many times better ours is than the better baseline (baseline ÷ ours for
costs); for start-up it is the wall's time over a blank page's.

${markdownTable(d.rows)}

### Notes per row

${notes.join('\n') || '- none'}

## What the figures say

${findings(d.rows).join('\n')}

${BOTTLENECKS}
${METHOD}
`;
  writeFileSync(path, text);
}
