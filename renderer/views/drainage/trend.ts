/**
 * Client-side trend buffers for the flood-watch view: the drainage.trend answer, then live
 * samples from drainage deltas, in fixed typed-array rings per sensor (bounded memory).
 * One slot per step (the server's stepS); a slot holds the last report within its step.
 */
import type { DrainageTrend } from '../../../shared/protocol';

export const TREND_VIEW_HOURS = 6;
export const DEFAULT_STEP_MS = 300_000;

export class TrendBuffers {
  stepMs = DEFAULT_STEP_MS;
  /** Bumped on every change, for redraws. */
  version = 0;
  private readonly rings = new Map<string, { level: Float32Array; flow: Float32Array; step: Float64Array }>();

  constructor(
    readonly capacity = (TREND_VIEW_HOURS * 3_600_000) / DEFAULT_STEP_MS,
    /** At most this many sensors are kept (a backend with more gets the first ones). */
    readonly maxSensors = 2000,
  ) {}

  private ring(id: string) {
    let r = this.rings.get(id);
    if (!r) {
      if (this.rings.size >= this.maxSensors) return null;
      r = { level: new Float32Array(this.capacity), flow: new Float32Array(this.capacity), step: new Float64Array(this.capacity).fill(-1) };
      this.rings.set(id, r);
    }
    return r;
  }

  get size(): number {
    return this.rings.size;
  }

  /** A live sample (a report at time t). Older samples than the slot's are ignored. */
  note(id: string, t: number, level: number, flow: number): void {
    const r = this.ring(id);
    if (!r) return;
    const step = Math.floor(t / this.stepMs);
    const i = step % this.capacity;
    if (r.step[i]! > step) return;
    r.step[i] = step;
    r.level[i] = level;
    r.flow[i] = flow;
    this.version++;
  }

  /** Merges a drainage.trend answer; a different step size starts over. */
  merge(trend: DrainageTrend): void {
    const stepMs = trend.stepS * 1000;
    if (stepMs !== this.stepMs) {
      this.stepMs = stepMs;
      this.rings.clear();
    }
    const first = Math.floor(trend.from / stepMs);
    for (const s of trend.sensors) {
      const r = this.ring(s.id);
      if (!r) continue;
      for (let k = 0; k < s.level.length; k++) {
        const lv = s.level[k];
        if (lv === null || lv === undefined) continue;
        const step = first + k;
        const i = step % this.capacity;
        // A live sample already in that step is newer than the answer.
        if (r.step[i]! >= step) continue;
        r.step[i] = step;
        r.level[i] = lv;
        r.flow[i] = s.flow[k] ?? 0;
      }
    }
    this.version++;
  }

  /** Drops sensors that no longer exist. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.rings.keys()) if (!ids.has(id)) this.rings.delete(id);
  }

  /**
   * The last `capacity` steps up to the one holding `now`, oldest first, NaN where empty.
   * Writes into `out` when given (no allocation per frame).
   */
  series(id: string, now: number, which: 'level' | 'flow', out = new Float32Array(this.capacity)): Float32Array {
    out.fill(NaN);
    const r = this.rings.get(id);
    if (!r) return out;
    const last = Math.floor(now / this.stepMs);
    const first = last - this.capacity + 1;
    const src = r[which];
    for (let k = 0; k < this.capacity; k++) {
      const step = first + k;
      const i = step % this.capacity;
      if (r.step[i] === step) out[k] = src[i]!;
    }
    return out;
  }
}
