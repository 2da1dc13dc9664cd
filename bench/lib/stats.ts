/**
 * Statistics for the benchmark report: percentiles of latency samples and a least-squares
 * slope with its 95 % confidence interval (memory growth per hour). Pure, unit tested.
 */

/** Linear-interpolated percentile (p in 0..100) of unsorted samples; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  let sum = 0;
  for (const x of samples) sum += x;
  return sum / samples.length;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Two-sided 97.5 % quantile of Student's t for `df` degrees of freedom. */
export function t975(df: number): number {
  const table = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  if (df < 1) return NaN;
  if (df < table.length) return table[df]!;
  if (df < 30) return 2.086 - ((df - 20) / 10) * (2.086 - 2.042);
  if (df < 60) return 2.042 - ((df - 30) / 30) * (2.042 - 2.0);
  if (df < 120) return 2.0 - ((df - 60) / 60) * (2.0 - 1.98);
  return 1.96;
}

export interface SlopeFit {
  slope: number;
  intercept: number;
  /** Half-width of the 95 % confidence interval of the slope. */
  ci95: number;
  n: number;
  /** Whether the 95 % interval contains zero: growth indistinguishable from none. */
  includesZero: boolean;
}

/** Ordinary least squares y = intercept + slope·x with the slope's 95 % confidence interval. */
export function linearFit(xs: readonly number[], ys: readonly number[]): SlopeFit {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return { slope: NaN, intercept: NaN, ci95: NaN, n, includesZero: false };
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) return { slope: NaN, intercept: NaN, ci95: NaN, n, includesZero: false };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (n < 3) return { slope, intercept, ci95: Infinity, n, includesZero: true };
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const ci95 = t975(n - 2) * se;
  return { slope, intercept, ci95, n, includesZero: Math.abs(slope) <= ci95 };
}

/** Size in bytes of a WebSocket frame header for a server-to-client payload of `len` bytes (unmasked). */
export function wsHeaderBytes(len: number): number {
  return len < 126 ? 2 : len < 65536 ? 4 : 10;
}
