/**
 * The console's command outbox. A command keeps its idempotent id for its whole life: it is
 * sent now if the link is up, otherwise held and sent when the link returns, and re-sent
 * with the same id when an attempt gets no answer (the server answers a repeated id with
 * its first answer, so nothing is applied twice). If no answer arrives within `maxWaitMs`,
 * the officer is told it failed. Pure: the socket and the clock are injected.
 */
import type { CommandResult } from '../../shared/protocol';

export type CommandOutcome = CommandResult | { ok: false; id: string; code: 'OFFLINE' | 'TIMEOUT'; message: string };

export interface OutboxTransport {
  connected(): boolean;
  /** Emits one attempt; `done` gets the server's reply, or an error when no answer came in `timeoutMs`. */
  emit(command: { id: string; type: string; payload: Record<string, unknown> }, timeoutMs: number, done: (err: Error | null, reply: unknown) => void): void;
}

export interface OutboxOptions {
  /** How long a command may wait for the link and an answer, in total. */
  maxWaitMs: number;
  /** How long one attempt waits for its answer before it is sent again. */
  attemptTimeoutMs: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  /** Validates a reply; returns null when it is not a CommandResult. */
  parseReply: (reply: unknown) => CommandResult | null;
  onInvalidReply?: (reply: unknown) => void;
}

interface Entry {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  deadline: number;
  attempts: number;
  inFlight: boolean;
  /** Whether any attempt left while the link was up (it may have been applied). */
  sent: boolean;
  timer: unknown;
  resolve: (o: CommandOutcome) => void;
}

export interface OutboxStats {
  pending: number;
  submitted: number;
  retried: number;
  failed: number;
}

export class CommandOutbox {
  private readonly entries = new Map<string, Entry>();
  readonly stats: OutboxStats = { pending: 0, submitted: 0, retried: 0, failed: 0 };
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(
    private readonly transport: OutboxTransport,
    private readonly opts: OutboxOptions,
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  submit(id: string, type: string, payload: Record<string, unknown>): Promise<CommandOutcome> {
    this.stats.submitted++;
    return new Promise<CommandOutcome>((resolve) => {
      const entry: Entry = { id, type, payload, deadline: this.now() + this.opts.maxWaitMs, attempts: 0, inFlight: false, sent: false, timer: null, resolve };
      entry.timer = this.setTimer(() => this.expire(entry), this.opts.maxWaitMs);
      this.entries.set(id, entry);
      this.stats.pending = this.entries.size;
      this.attempt(entry);
    });
  }

  /** The link is back: send everything that waits. */
  connected(): void {
    for (const e of this.entries.values()) if (!e.inFlight) this.attempt(e);
  }

  /** Fails everything still waiting (the window is closing). */
  close(): void {
    for (const e of [...this.entries.values()]) this.finish(e, { ok: false, id: e.id, code: 'OFFLINE', message: 'the connection was closed' });
  }

  pending(): { id: string; type: string; attempts: number; waitedMs: number }[] {
    const now = this.now();
    return [...this.entries.values()].map((e) => ({ id: e.id, type: e.type, attempts: e.attempts, waitedMs: now - (e.deadline - this.opts.maxWaitMs) }));
  }

  private attempt(e: Entry): void {
    if (e.inFlight || !this.entries.has(e.id) || !this.transport.connected()) return;
    const remaining = e.deadline - this.now();
    if (remaining <= 0) return this.expire(e);
    e.inFlight = true;
    e.sent = true;
    if (e.attempts > 0) this.stats.retried++;
    e.attempts++;
    this.transport.emit({ id: e.id, type: e.type, payload: e.payload }, Math.min(this.opts.attemptTimeoutMs, remaining), (err, reply) => {
      e.inFlight = false;
      if (!this.entries.has(e.id)) return; // already reported as failed; a late answer changes nothing
      if (err) {
        // No answer: send again with the same id if the link is up; otherwise connected() will.
        this.attempt(e);
        return;
      }
      const parsed = this.opts.parseReply(reply);
      if (!parsed) {
        this.opts.onInvalidReply?.(reply);
        this.finish(e, { ok: false, id: e.id, code: 'INTERNAL', message: 'invalid reply from server' });
        return;
      }
      this.finish(e, parsed);
    });
  }

  private expire(e: Entry): void {
    if (!this.entries.has(e.id)) return;
    const s = Math.round(this.opts.maxWaitMs / 1000);
    this.finish(
      e,
      e.sent
        ? { ok: false, id: e.id, code: 'TIMEOUT', message: `no answer from the server within ${s} s; it may have been applied — check before repeating` }
        : { ok: false, id: e.id, code: 'OFFLINE', message: `not sent: no connection to the server for ${s} s` },
    );
  }

  private finish(e: Entry, outcome: CommandOutcome): void {
    if (!this.entries.delete(e.id)) return;
    this.clearTimer(e.timer);
    this.stats.pending = this.entries.size;
    if (!outcome.ok && (outcome.code === 'OFFLINE' || outcome.code === 'TIMEOUT')) this.stats.failed++;
    e.resolve(outcome);
  }
}
