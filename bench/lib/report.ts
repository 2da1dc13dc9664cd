/** The printed table and the markdown report (docs/performance.md) from one run's rows. */
import type { Machine } from './machine';
import type { Row } from './rows';

export function fmt(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

const verdict = (r: Row) => (r.pass === true ? 'PASS' : r.pass === false ? 'MISS' : '');
const ratio = (r: Row) => (r.ratio == null || !Number.isFinite(r.ratio) ? '—' : `${r.ratioAtLeast ? '≥ ' : ''}${fmt(r.ratio)}×`);

function cells(r: Row): string[] {
  return [r.item, r.case, `${r.metric} [${r.unit}]`, fmt(r.ours), fmt(r.baseA), fmt(r.baseB), ratio(r), r.target ?? '', verdict(r)];
}

const HEAD = ['item', 'case', 'metric [unit]', 'ours', 'base A', 'base B', 'ratio', 'target', ''];

export function textTable(rows: Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((c) => [...c[i]!].length)));
  const line = (c: string[]) => c.map((s, i) => s + ' '.repeat(widths[i]! - [...s].length)).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEAD.map(esc).join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}

export function machineLines(m: Machine, date: string, mode: string, seconds: number): string {
  return [
    `- Date: ${date} (${mode} run, ${Math.round(seconds)} s)`,
    `- CPU: ${m.cpu}, ${m.cores} logical cores; RAM ${m.ramGiB} GiB (${m.freeRamGiB} GiB free at start); load average at start ${m.loadAverage.join(' / ')}, at end ${m.loadAverageEnd?.join(' / ') ?? '—'}`,
    `- OS: ${m.os}`,
    `- Node ${m.node}; Chromium ${m.chromium} (headless, playwright-core); WebGL renderer: ${m.gl}`,
  ].join('\n');
}
