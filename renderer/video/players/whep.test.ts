import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchInboundMedia } from './whep';

describe('watchInboundMedia (a connected WHEP session with no video)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const run = (bytesAt: (tMs: number) => number | null, untilMs: number) => {
    const silent = vi.fn();
    const stop = watchInboundMedia(
      async () => bytesAt(Date.now()),
      silent,
      4000,
      1000,
      () => Date.now(),
    );
    return { silent, stop, advance: () => vi.advanceTimersByTimeAsync(untilMs) };
  };

  it('reports a session that never receives a byte after the quiet time, once', async () => {
    vi.setSystemTime(0);
    const { silent, advance } = run(() => null, 10_000);
    await advance();
    expect(silent).toHaveBeenCalledTimes(1);
    expect(silent.mock.calls[0]![0]).toBeGreaterThanOrEqual(4000);
    expect(silent.mock.calls[0]![0]).toBeLessThan(6000);
  });

  it('stays quiet while video keeps arriving', async () => {
    vi.setSystemTime(0);
    const { silent, advance } = run((t) => t * 10, 30_000);
    await advance();
    expect(silent).not.toHaveBeenCalled();
  });

  it('reports video that stops arriving mid-session', async () => {
    vi.setSystemTime(0);
    const { silent, advance } = run((t) => Math.min(t, 5000) * 10, 8_000);
    await advance();
    expect(silent).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4000);
    expect(silent).toHaveBeenCalledTimes(1);
  });

  it('says nothing once stopped (the tile moved on)', async () => {
    vi.setSystemTime(0);
    const { silent, stop, advance } = run(() => null, 10_000);
    stop();
    await advance();
    expect(silent).not.toHaveBeenCalled();
  });
});
