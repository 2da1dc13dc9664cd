/** Frame timing from requestAnimationFrame deltas over the last ~2 s. Pure ring buffer + rAF driver. */
const WINDOW_MS = 2_000;
const MAX_SAMPLES = 1024;

export class FrameStats {
  private deltas = new Float64Array(MAX_SAMPLES);
  private stamps = new Float64Array(MAX_SAMPLES);
  private head = 0;
  private size = 0;
  private last: number | null = null;
  /** Longest time between two frames since start: a freeze shows here even after it ended. */
  longestGapMs = 0;

  tick(now: number): void {
    if (this.last !== null) {
      this.longestGapMs = Math.max(this.longestGapMs, now - this.last);
      this.deltas[this.head] = now - this.last;
      this.stamps[this.head] = now;
      this.head = (this.head + 1) % MAX_SAMPLES;
      this.size = Math.min(MAX_SAMPLES, this.size + 1);
    }
    this.last = now;
  }

  private recent(now: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const j = (this.head - 1 - i + MAX_SAMPLES) % MAX_SAMPLES;
      if (now - this.stamps[j]! > WINDOW_MS) break;
      out.push(this.deltas[j]!);
    }
    return out;
  }

  fps(now: number): number {
    const d = this.recent(now);
    if (d.length === 0) return 0;
    const total = d.reduce((a, b) => a + b, 0);
    return Math.round((d.length / total) * 1000 * 10) / 10;
  }

  p95(now: number): number {
    const d = this.recent(now).sort((a, b) => a - b);
    if (d.length === 0) return 0;
    return Math.round(d[Math.min(d.length - 1, Math.floor(d.length * 0.95))]! * 10) / 10;
  }
}

export const frameStats = new FrameStats();
let raf = 0;
export function startFrameStats(): void {
  const loop = (t: number) => {
    frameStats.tick(t);
    raf = requestAnimationFrame(loop);
  };
  if (!raf) raf = requestAnimationFrame(loop);
}
