/**
 * Self-healing decisions for wall windows, pure so they can be tested:
 * - a renderer that crashed, hung or lost its WebGL context is reloaded with the same view,
 *   with backoff; K restarts within M minutes is a crash loop: stop and show a status page
 *   with the reason rather than spin (the loop is retried after `loopCooldownMs`);
 * - GPU-process crashes are counted over the whole app; after `gpuCrashLimit` within
 *   `gpuWindowMs` the app relaunches with hardware acceleration off, because
 *   app.disableHardwareAcceleration() only works before the app is ready.
 */
export type RendererProblem = 'crashed' | 'killed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'unresponsive' | 'webgl-lost' | 'load-failed';

export interface RecoveryOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A window that has run this long is healthy again; its backoff resets. */
  healthyAfterMs: number;
  /** K restarts within M minutes … */
  loopRestarts: number;
  loopWindowMs: number;
  /** … then wait this long before trying again (a driver update may have fixed it). */
  loopCooldownMs: number;
  /** How long a hung renderer gets before it is killed and reloaded. */
  unresponsiveGraceMs: number;
  gpuCrashLimit: number;
  gpuWindowMs: number;
}

export const DEFAULT_RECOVERY: RecoveryOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  healthyAfterMs: 120_000,
  loopRestarts: 5,
  loopWindowMs: 5 * 60_000,
  loopCooldownMs: 10 * 60_000,
  unresponsiveGraceMs: 10_000,
  gpuCrashLimit: 3,
  gpuWindowMs: 10 * 60_000,
};

export type RecoveryAction =
  | { action: 'reload'; delayMs: number; reason: string }
  | { action: 'stop'; retryInMs: number; reason: string }
  | { action: 'ignore'; reason: string };

export class WindowRecovery {
  private restarts: number[] = [];
  private failures = 0;
  private healthySince: number | undefined;

  constructor(private readonly o: RecoveryOptions = DEFAULT_RECOVERY) {}

  loaded(now: number): void {
    this.healthySince = now;
  }

  problem(kind: RendererProblem | 'clean-exit', now: number, detail = ''): RecoveryAction {
    const what = detail ? `${kind} (${detail})` : kind;
    if (kind === 'clean-exit') return { action: 'ignore', reason: 'renderer exited cleanly (window closing)' };
    if (this.healthySince !== undefined && now - this.healthySince >= this.o.healthyAfterMs) this.failures = 0;
    this.healthySince = undefined;
    this.restarts = this.restarts.filter((t) => now - t < this.o.loopWindowMs);
    this.restarts.push(now);
    if (this.restarts.length > this.o.loopRestarts) {
      this.restarts = [];
      this.failures = 0;
      const minutes = Math.round(this.o.loopWindowMs / 60_000);
      return { action: 'stop', retryInMs: this.o.loopCooldownMs, reason: `crash loop: ${this.o.loopRestarts + 1} restarts within ${minutes} min, last: ${what}` };
    }
    const delayMs = kind === 'webgl-lost' && this.failures === 0 ? 0 : Math.min(this.o.maxDelayMs, this.o.initialDelayMs * 2 ** Math.min(this.failures, 20));
    this.failures++;
    return { action: 'reload', delayMs, reason: `${what}; reloading the same view` };
  }
}

export class GpuCrashCounter {
  private crashes: number[] = [];
  constructor(private readonly o: Pick<RecoveryOptions, 'gpuCrashLimit' | 'gpuWindowMs'> = DEFAULT_RECOVERY) {}

  /** Returns 'software' when the app should relaunch without GPU acceleration. */
  crashed(now: number): { fallback: 'none' | 'software'; recent: number } {
    this.crashes = this.crashes.filter((t) => now - t < this.o.gpuWindowMs);
    this.crashes.push(now);
    return { fallback: this.crashes.length >= this.o.gpuCrashLimit ? 'software' : 'none', recent: this.crashes.length };
  }
}
