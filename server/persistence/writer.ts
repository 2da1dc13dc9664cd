/**
 * Batched writes: statements queue in memory and go to the database in one transaction every
 * `flushMs`, so a burst of alarms costs one short transaction, not one per alarm. A failed
 * batch is retried, then dropped with a logged, counted error: the server never crashes for it.
 */
import { log } from '../log';
import type { Db, Statement } from './db';


export interface WriterHealth {
  ready: boolean;
  queued: number;
  written: number;
  failedBatches: number;
  droppedStatements: number;
  lastError: string | null;
  lastFlushMs: number;
}

const MAX_ATTEMPTS = 3;
/** Beyond this the oldest statements are dropped (and counted): memory must not grow without bound. */
const MAX_QUEUED = 200_000;
const MAX_BATCH = 2_000;

export class BatchWriter {
  private queue: Statement[] = [];
  private db: Db | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private attempts = 0;
  readonly health: WriterHealth = {
    ready: false,
    queued: 0,
    written: 0,
    failedBatches: 0,
    droppedStatements: 0,
    lastError: null,
    lastFlushMs: 0,
  };

  constructor(private readonly flushMs = 250) {}

  /** Starts writing to `db` (statements queued before are written first). */
  attach(db: Db): void {
    this.db = db;
    this.health.ready = true;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  push(sql: string, params: unknown[]): void {
    this.queue.push({ sql, params });
    if (this.queue.length > MAX_QUEUED) {
      this.queue.shift();
      this.health.droppedStatements++;
    }
    this.health.queued = this.queue.length;
  }

  /** Writes what is queued now; resolves when done (or failed and logged). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.db || this.queue.length === 0) return Promise.resolve();
    const db = this.db;
    const batch = this.queue.slice(0, MAX_BATCH);
    const t0 = performance.now();
    this.flushing = db
      .batch(batch)
      .then(
        () => {
          this.queue.splice(0, batch.length);
          this.health.written += batch.length;
          this.attempts = 0;
        },
        (e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          this.health.failedBatches++;
          this.health.lastError = message.slice(0, 300);
          this.attempts++;
          log.error('persistence: batch failed', { statements: batch.length, attempt: this.attempts, error: message.slice(0, 300) });
          if (this.attempts >= MAX_ATTEMPTS) {
            this.queue.splice(0, batch.length);
            this.health.droppedStatements += batch.length;
            this.attempts = 0;
          }
        },
      )
      .finally(() => {
        this.health.lastFlushMs = Math.round(performance.now() - t0);
        this.health.queued = this.queue.length;
        this.flushing = null;
      });
    return this.flushing;
  }

  /** Flushes everything still queued and stops the timer. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (let i = 0; i < 50 && this.db && this.queue.length > 0; i++) await this.flush();
  }
}
