import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { createRedactor } from '../logging/redact';
import { DemoServerSupervisor, type ServerChild } from './supervisor';

class FakeChild extends EventEmitter implements ServerChild {
  stdout = new EventEmitter();
  stderr = new EventEmitter();
  killed = false;
  constructor(readonly args: string[]) {
    super();
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
  crash(code = 1): void {
    this.emit('exit', code);
  }
  readyLine(port: number): void {
    this.stdout.emit('data', Buffer.from(`booting\nQUJING_SERVER_READY {"host":"127.0.0.1","port":${port}}\n`));
  }
}

function harness(overrides: { forkThrows?: boolean } = {}) {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const children: FakeChild[] = [];
  const lines: string[] = [];
  const ready: Array<{ port: number; first: boolean; portChanged: boolean }> = [];
  const problems: string[] = [];
  const sup = new DemoServerSupervisor({
    fork: (args) => {
      if (overrides.forkThrows) throw new Error('spawn failed');
      const c = new FakeChild(args);
      children.push(c);
      return c;
    },
    log: createLogger(createRedactor(), [(l) => lines.push(l)]),
    seed: 42,
    onReady: (port, info) => ready.push({ port, ...info }),
    onProblem: (m) => problems.push(m),
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > until) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = until;
  };
  const last = () => children[children.length - 1]!;
  return { sup, children, lines, ready, problems, advance, last, timers };
}

describe('DemoServerSupervisor', () => {
  it('starts on port 0 and reports ready once, whichever signal comes first', () => {
    const h = harness();
    h.sup.start();
    expect(h.last().args).toEqual(['--host', '127.0.0.1', '--port', '0', '--seed', '42']);
    h.last().emit('message', { type: 'ready', port: 41234 });
    h.last().readyLine(41234);
    expect(h.ready).toEqual([{ port: 41234, first: true, portChanged: false }]);
    expect(h.sup.currentPort).toBe(41234);
    expect(h.lines.some((l) => l.includes('[server] booting'))).toBe(true);
  });

  it('restarts a crashed server on the same port after the backoff', () => {
    const h = harness();
    h.sup.start();
    h.last().readyLine(41234);
    h.advance(5000);
    h.last().crash(1);
    expect(h.children).toHaveLength(1);
    h.advance(499);
    expect(h.children).toHaveLength(1);
    h.advance(1);
    expect(h.children).toHaveLength(2);
    expect(h.last().args).toContain('41234');
    h.last().emit('message', { type: 'ready', port: 41234 });
    expect(h.ready[1]).toEqual({ port: 41234, first: false, portChanged: false });
  });

  it('kills a server that is not ready within the timeout and reports it', () => {
    const h = harness();
    h.sup.start();
    h.advance(20_000);
    expect(h.children[0]!.killed).toBe(true);
    expect(h.problems[0]).toMatch(/did not start within 20 s/);
  });

  it('reports a crash loop and keeps retrying with growing delays', async () => {
    const h = harness();
    h.sup.start();
    for (let i = 0; i < 6; i++) {
      h.last().readyLine(41234);
      h.last().crash(3);
      h.advance(1000 * 2 ** i);
    }
    expect(h.problems.some((p) => /keeps crashing \(6 times/.test(p))).toBe(true);
    expect(h.lines.some((l) => /crash loop/.test(l))).toBe(true);
  });

  it('gives up a port that keeps failing and reports the new one', () => {
    const h = harness();
    h.sup.start();
    h.last().readyLine(41234);
    h.last().crash(1);
    for (let i = 0; i < 3; i++) {
      h.advance(100_000);
      expect(h.last().args).toContain('41234');
      h.last().crash(1); // dies before ready (port taken)
    }
    h.advance(100_000);
    expect(h.last().args.slice(2, 4)).toEqual(['--port', '0']);
    h.last().readyLine(50000);
    expect(h.ready[h.ready.length - 1]).toEqual({ port: 50000, first: false, portChanged: true });
  });

  it('stops without restarting', async () => {
    const h = harness();
    h.sup.start();
    h.last().readyLine(41234);
    await h.sup.stop();
    expect(h.children[0]!.killed).toBe(true);
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.timers).toHaveLength(0);
  });

  it('retries when the child cannot even be created', () => {
    const h = harness({ forkThrows: true });
    h.sup.start();
    expect(h.lines.some((l) => /could not start/.test(l))).toBe(true);
    expect(h.timers).toHaveLength(1);
  });
});
