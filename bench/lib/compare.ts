/**
 * Ours against the two baselines, the same way for every item: each implementation measured
 * at each case in the same run (ours first), then one table row per figure with the better
 * baseline's ratio.
 */
import { ratioOf, type Row } from './rows';

/** Ours, baseline A and baseline B at one case. */
export type Trio<M> = [ours: M, a: M, b: M];

/** A figure for the table: null when it could not be measured. */
export const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * Measures `impls` (ours, A, B) at every case in order and logs each measurement; `trio(c)`
 * returns the three of a case. Every measurement opens a fresh page, so order does not favour one.
 */
export async function measureImpls<I extends string, C, M extends { impl: I }>(
  impls: readonly [I, I, I],
  cases: readonly C[],
  measure: (impl: I, c: C) => Promise<M>,
  log: (m: M, c: C) => void,
): Promise<{ all: M[]; trio: (c: C) => Trio<M> }> {
  const byCase = new Map<C, M[]>();
  const all: M[] = [];
  for (const c of cases) {
    const got: M[] = [];
    for (const impl of impls) {
      const m = await measure(impl, c);
      log(m, c);
      got.push(m);
      all.push(m);
    }
    byCase.set(c, got);
  }
  return { all, trio: (c) => byCase.get(c) as Trio<M> };
}

/**
 * A row of one figure where lower is better (a cost): ours, both baselines, and how many times
 * better ours is than the better baseline. `extra` adds a target, a verdict or a note, or
 * overrides the ratio.
 */
export function costRow<M>(at: { item: string; case: string }, metric: string, unit: string, [ours, a, b]: Trio<M>, pick: (m: M) => number | undefined, extra: Partial<Row> = {}): Row {
  const [o, x, y] = [fin(pick(ours)), fin(pick(a)), fin(pick(b))];
  return { item: at.item, case: at.case, metric, unit, ours: o, baseA: x, baseB: y, ratio: ratioOf(Math.min(x ?? Infinity, y ?? Infinity), o), ...extra };
}
