/**
 * Per-sensor trend of level and flow: one sample per TREND_STEP_MS of simulated time over
 * the last 24 hours, in fixed typed-array ring buffers (memory does not grow with time).
 * A sample is the sensor's last report within its step; a step without a report is null.
 */
export const TREND_STEP_MS = 5 * 60_000;
export const TREND_HOURS = 24;
export const TREND_CAPACITY = (TREND_HOURS * 3_600_000) / TREND_STEP_MS;

export interface TrendSeries {
  id: string;
  level: (number | null)[];
  flow: (number | null)[];
}
export interface TrendResult {
  from: number;
  stepS: number;
  sensors: TrendSeries[];
}

export class TrendStore {
  readonly capacity = TREND_CAPACITY;
  private readonly level: Float32Array;
  private readonly flow: Float32Array;
  /** The step number each slot holds (-1: empty); a slot is valid only for that step. */
  private readonly step: Float64Array;

  constructor(readonly rows: number) {
    this.level = new Float32Array(rows * TREND_CAPACITY);
    this.flow = new Float32Array(rows * TREND_CAPACITY);
    this.step = new Float64Array(rows * TREND_CAPACITY).fill(-1);
  }

  record(row: number, t: number, level: number, flow: number): void {
    const step = Math.floor(t / TREND_STEP_MS);
    const i = row * TREND_CAPACITY + (step % TREND_CAPACITY);
    this.step[i] = step;
    this.level[i] = level;
    this.flow[i] = flow;
  }

  /** The `hours` hours up to and including the step that holds `now`. */
  query(now: number, hours: number, rows: readonly { id: string; row: number }[]): TrendResult {
    const h = Math.max(1, Math.min(TREND_HOURS, Math.floor(hours)));
    const n = (h * 3_600_000) / TREND_STEP_MS;
    const last = Math.floor(now / TREND_STEP_MS);
    const first = last - n + 1;
    const sensors = rows.map(({ id, row }) => {
      const level: (number | null)[] = new Array<number | null>(n);
      const flow: (number | null)[] = new Array<number | null>(n);
      for (let k = 0; k < n; k++) {
        const step = first + k;
        const i = row * TREND_CAPACITY + (step % TREND_CAPACITY);
        if (this.step[i] === step) {
          // Float32 storage: round back to the millimetres the sensors report.
          level[k] = Math.round(this.level[i]! * 1000) / 1000;
          flow[k] = Math.round(this.flow[i]! * 1000) / 1000;
        } else {
          level[k] = null;
          flow[k] = null;
        }
      }
      return { id, level, flow };
    });
    return { from: first * TREND_STEP_MS, stepS: TREND_STEP_MS / 1000, sensors };
  }
}
