/** One line of the bench table: our figure, the baselines' figures from the same run, and the verdict. */
export interface Row {
  item: string;
  case: string;
  metric: string;
  unit: string;
  ours: number | null;
  /** Baseline A (and B where there is one), same case, same run. */
  baseA?: number | null;
  baseB?: number | null;
  /** "ours is N× better" (baseline ÷ ours for costs); null when not comparable. */
  ratio?: number | null;
  /** The ratio is a lower bound (ours at the measurement's noise floor): printed "≥ N×". */
  ratioAtLeast?: boolean;
  target?: string;
  /** true met, false missed, null no target for this row. */
  pass?: boolean | null;
  note?: string;
}

export interface ItemResult {
  rows: Row[];
  /** Raw figures kept in the JSON. */
  raw: unknown;
  notes?: string[];
}

export interface BenchOptions {
  quick: boolean;
  loadUrl: string;
}

export function ratioOf(base: number | null | undefined, ours: number | null | undefined): number | null {
  if (base == null || ours == null || !Number.isFinite(base) || !Number.isFinite(ours) || ours <= 0) return null;
  return base / ours;
}
