/**
 * When to restart something that died (the demo stream server, a crashed renderer):
 * exponential backoff, forgotten after a healthy run, and a crash-loop signal so a person
 * hears about it instead of the machine quietly spinning.
 */
export interface RestartPolicyOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run at least this long counts as healthy and resets the backoff. */
  healthyAfterMs: number;
  /** Crash loop: more than `crashLoopExits` exits within `crashLoopWindowMs`. */
  crashLoopWindowMs: number;
  crashLoopExits: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  healthyAfterMs: 60_000,
  crashLoopWindowMs: 60_000,
  crashLoopExits: 5,
};

export interface RestartDecision {
  delayMs: number;
  /** Exits within the crash-loop window, this one included. */
  recentExits: number;
  crashLoop: boolean;
}

export class RestartPolicy {
  private failures = 0;
  private healthySince: number | undefined;
  private exits: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** The thing is up and working (server ready, page loaded). */
  started(now: number): void {
    this.healthySince = now;
  }

  /** It died; returns how long to wait before the next start. */
  exited(now: number): RestartDecision {
    const o = this.options;
    if (this.healthySince !== undefined && now - this.healthySince >= o.healthyAfterMs) this.failures = 0;
    this.healthySince = undefined;
    this.exits = this.exits.filter((t) => now - t < o.crashLoopWindowMs);
    this.exits.push(now);
    const delayMs = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return { delayMs, recentExits: this.exits.length, crashLoop: this.exits.length > o.crashLoopExits };
  }
}
