/**
 * What every bench page measures in the page itself: long tasks (PerformanceObserver), frame
 * intervals (requestAnimationFrame), updates applied and event-to-pixel samples. Main-thread
 * busy time is read from outside through CDP (Performance.getMetrics TaskDuration).
 */
export interface LongTask {
  start: number;
  duration: number;
}

export class Probe {
  longTasks: LongTask[] = [];
  frameTimes: number[] = [];
  updates = 0;
  batches = 0;
  /** Overlay draws (deck.gl onAfterRender) or map renders with data (maplibre): what the GPU process rasterised. */
  draws = 0;
  latencies: number[] = [];
  /** Per drawn batch: server timestamp → the page's socket handler (server, socket.io, event loop). */
  wireMs: number[] = [];
  /** Server timestamp → first draw with the marker at its reported position (after a glide). */
  arrivals: number[] = [];
  /**
   * Main-thread ms inside the implementation's own work, timed in the page (see `timed`): its
   * socket handler, its frame loop, deck.gl's render callback and MapLibre's render. Unlike busy
   * time read through CDP it leaves out what every page pays alike (probe, timers, idle-time GC),
   * so a small cost is not lost in their noise.
   */
  workMs = 0;
  /** workMs by part ("handler", "frame loop", "deck.gl render", "MapLibre render"). */
  workByPart: Record<string, number> = {};
  /** Per timed call in progress, the time of the timed calls inside it. */
  private nested: number[] = [];
  private running = true;

  constructor() {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No long-task support: the count stays empty and the report says 0 observed.
    }
    const frame = (t: number) => {
      if (!this.running) return;
      this.frameTimes.push(t);
      if (this.frameTimes.length > 100_000) this.frameTimes.splice(0, 50_000);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /**
   * `fn`, timed into `workMs` under `part`. A timed call inside another one counts once in
   * `workMs` and under its own part; the outer part keeps only the rest (self time).
   */
  timed<A extends unknown[], R>(part: string, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      this.nested.push(0);
      const t = performance.now();
      try {
        return fn(...args);
      } finally {
        const ms = performance.now() - t;
        const inner = this.nested.pop()!;
        this.workByPart[part] = (this.workByPart[part] ?? 0) + ms - inner;
        if (this.nested.length > 0) this.nested[this.nested.length - 1]! += ms;
        else this.workMs += ms;
      }
    };
  }

  /** Starts a measurement window: forget everything before now. */
  reset(): number {
    this.longTasks = [];
    this.frameTimes = [];
    this.updates = 0;
    this.batches = 0;
    this.draws = 0;
    this.latencies = [];
    this.wireMs = [];
    this.arrivals = [];
    this.workMs = 0;
    this.workByPart = {};
    return performance.now();
  }

  snapshot(since: number) {
    const now = performance.now();
    const lt = this.longTasks.filter((t) => t.start >= since);
    const ft = this.frameTimes.filter((t) => t >= since);
    const intervals: number[] = [];
    for (let i = 1; i < ft.length; i++) intervals.push(ft[i]! - ft[i - 1]!);
    return {
      elapsedMs: now - since,
      updates: this.updates,
      batches: this.batches,
      draws: this.draws,
      longTasks: lt.length,
      longTaskMs: lt.reduce((s, t) => s + t.duration, 0),
      frames: ft.length,
      frameIntervals: intervals,
      latencies: this.latencies.slice(),
      wireMs: this.wireMs.slice(),
      arrivals: this.arrivals.slice(),
      workMs: this.workMs,
      workByPart: { ...this.workByPart },
    };
  }
}

/** Epoch milliseconds with sub-millisecond resolution, comparable with the server's Date.now(). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function nextFrame(): Promise<number> {
  return new Promise((r) => requestAnimationFrame(r));
}

export function param(name: string, fallback: string): string {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}

export function label(text: string): void {
  const el = document.getElementById('label');
  if (el) el.textContent = text;
}
