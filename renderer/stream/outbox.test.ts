import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../shared/protocol';
import { CommandOutbox, type OutboxTransport } from './outbox';

/** A fake clock and a scripted link: what an officer's console sees when the network flaps. */
function harness() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextTimer = 1;
  const sent: { id: string; type: string }[] = [];
  const inFlight: { id: string; done: (err: Error | null, reply: unknown) => void; at: number }[] = [];
  let up = false;
  const transport: OutboxTransport = {
    connected: () => up,
    emit(cmd, timeoutMs, done) {
      sent.push({ id: cmd.id, type: cmd.type });
      const entry = { id: cmd.id, done, at: now + timeoutMs };
      inFlight.push(entry);
      const t = nextTimer++;
      timers.set(t, { at: now + timeoutMs, fn: () => { const i = inFlight.indexOf(entry); if (i >= 0) { inFlight.splice(i, 1); done(new Error('timeout'), undefined); } } });
    },
  };
  const outbox = new CommandOutbox(transport, {
    maxWaitMs: 30_000,
    attemptTimeoutMs: 8_000,
    now: () => now,
    setTimer: (fn, ms) => { const t = nextTimer++; timers.set(t, { at: now + ms, fn }); return t; },
    clearTimer: (t) => timers.delete(t as number),
    parseReply: (r) => (r && typeof r === 'object' && 'ok' in r ? (r as CommandResult) : null),
  });
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  /** The server answers every in-flight attempt (applying each id once, like the real one). */
  const applied = new Set<string>();
  const answerAll = () => {
    for (const f of inFlight.splice(0)) {
      applied.add(f.id);
      f.done(null, { ok: true, id: f.id });
    }
  };
  /** The link drops: socket.io fails every pending ack at once. */
  const drop = () => {
    up = false;
    for (const f of inFlight.splice(0)) f.done(new Error('socket has been disconnected'), undefined);
  };
  const connect = () => {
    up = true;
    outbox.connected();
  };
  return { outbox, sent, advance, answerAll, drop, connect, applied, inFlight };
}

describe('command outbox', () => {
  it('sends at once when connected and resolves with the server answer', async () => {
    const h = harness();
    h.connect();
    const p = h.outbox.submit('c1', 'alarm.ack', { alarmId: 'a' });
    expect(h.sent).toEqual([{ id: 'c1', type: 'alarm.ack' }]);
    h.answerAll();
    await expect(p).resolves.toEqual({ ok: true, id: 'c1' });
    expect(h.outbox.stats).toMatchObject({ pending: 0, retried: 0, failed: 0 });
  });

  it('holds a command issued while disconnected and sends it, same id, when the link returns', async () => {
    const h = harness();
    const p = h.outbox.submit('c2', 'alarm.ack', { alarmId: 'a' });
    h.advance(10_000);
    expect(h.sent).toEqual([]);
    expect(h.outbox.pending()).toEqual([{ id: 'c2', type: 'alarm.ack', attempts: 0, waitedMs: 10_000 }]);
    h.connect();
    expect(h.sent.map((s) => s.id)).toEqual(['c2']);
    h.answerAll();
    await expect(p).resolves.toMatchObject({ ok: true, id: 'c2' });
  });

  it('re-sends with the same id after a drop mid-flight; the server applies it once', async () => {
    const h = harness();
    h.connect();
    const p = h.outbox.submit('c3', 'incident.dispatch', { incidentId: 'i', unitIds: ['u'] });
    h.drop();
    h.advance(3_000);
    h.connect();
    h.answerAll();
    await expect(p).resolves.toMatchObject({ ok: true, id: 'c3' });
    expect(h.sent.map((s) => s.id)).toEqual(['c3', 'c3']);
    expect(h.outbox.stats.retried).toBe(1);
  });

  it('re-sends after an attempt gets no answer while the link stays up', async () => {
    const h = harness();
    h.connect();
    const p = h.outbox.submit('c4', 'alarm.ack', { alarmId: 'a' });
    h.advance(8_000); // first attempt times out (server paused)
    expect(h.sent.length).toBe(2);
    h.answerAll();
    await expect(p).resolves.toMatchObject({ ok: true });
  });

  it('reports OFFLINE when the link never returned within the bound, and never sends it later', async () => {
    const h = harness();
    const p = h.outbox.submit('c5', 'alarm.ack', { alarmId: 'a' });
    h.advance(30_000);
    await expect(p).resolves.toMatchObject({ ok: false, id: 'c5', code: 'OFFLINE' });
    h.connect();
    expect(h.sent).toEqual([]);
    expect(h.outbox.stats).toMatchObject({ pending: 0, failed: 1 });
  });

  it('reports TIMEOUT (maybe applied) when it was sent but never answered', async () => {
    const h = harness();
    h.connect();
    const p = h.outbox.submit('c6', 'alarm.ack', { alarmId: 'a' });
    h.advance(31_000);
    const r = await p;
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(!r.ok && r.message).toMatch(/may have been applied/);
    // 8 + 8 + 8 + 6 s: every attempt bounded by what is left.
    expect(h.sent.length).toBe(4);
  });

  it('an invalid reply fails the command instead of hanging', async () => {
    const h = harness();
    h.connect();
    const p = h.outbox.submit('c7', 'alarm.ack', {});
    h.inFlight.splice(0)[0]!.done(null, 'garbage');
    await expect(p).resolves.toMatchObject({ ok: false, code: 'INTERNAL' });
  });
});
