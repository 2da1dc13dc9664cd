import { describe, expect, it } from 'vitest';
import { headroomRatio, idleRef, MIN_NOISE_FLOOR_MS_PER_S, MIN_WORK_FLOOR_MS_PER_S, netCost, ownCost } from './net';

describe('net main-thread cost over the idle page', () => {
  it('subtracts the mean idle cost and uses the spread of the two idle runs as the floor', () => {
    const idle = idleRef([50, 54]);
    expect(idle.busyMsPerSecond).toBe(52);
    expect(idle.floorMsPerSecond).toBe(4);
    // 10k updates/s, 72 ms/s busy: 20 ms/s net, 2 ms per 1,000 updates.
    const n = netCost(72, 10_000, idle);
    expect(n.msPerSecond).toBe(20);
    expect(n.msPer1000).toBeCloseTo(2, 12);
    expect(n.atFloor).toBe(false);
  });

  it('never lets noise make a cost zero or negative: it is clamped at the floor and marked', () => {
    const idle = idleRef([50, 50.2]);
    expect(idle.floorMsPerSecond).toBe(MIN_NOISE_FLOOR_MS_PER_S);
    const below = netCost(49, 10_000, idle);
    expect(below.msPerSecond).toBe(MIN_NOISE_FLOOR_MS_PER_S);
    expect(below.atFloor).toBe(true);
    expect(below.msPer1000).toBeCloseTo(0.1, 12);
  });

  it('resolves a small cost timed in the page: its floor is the idle runs\' spread, not the busy-time floor', () => {
    const idle = idleRef([3.1, 3.15], MIN_WORK_FLOOR_MS_PER_S);
    expect(idle.floorMsPerSecond).toBe(MIN_WORK_FLOOR_MS_PER_S);
    // 10k updates/s, 8.1 ms/s of own work: 5 ms/s net, 0.5 ms per 1,000 updates, not clamped.
    const n = netCost(8.125, 10_000, idle);
    expect(n.atFloor).toBe(false);
    expect(n.msPer1000).toBeCloseTo(0.5, 12);
    // The same reading against the busy-time floor of a noisier pair is clamped.
    expect(netCost(8.125, 10_000, idleRef([3.1, 9.1])).atFloor).toBe(true);
  });

  it('takes busy time over timed work only where busy time shows clearly more than the hooks saw', () => {
    const busyIdle = idleRef([57, 60.4]); // floor 3.4 ms/s
    const workIdle = idleRef([3.7, 4.4], MIN_WORK_FLOOR_MS_PER_S);
    // B at 10k @ 1 Hz: its hooks saw 7.4 ms/s over idle, busy time 66.8: the worker replies were missed.
    const b = ownCost(netCost(11.4, 10_000, workIdle), netCost(125.5, 10_000, busyIdle), busyIdle.floorMsPerSecond);
    expect(b.from).toBe('busy time');
    expect(b.msPer1000).toBeCloseTo(6.68, 2);
    // Ours: busy time within its floor of the timed work (or at the floor): the timed work stands.
    const ours = ownCost(netCost(12.9, 10_000, workIdle), netCost(62, 10_000, busyIdle), busyIdle.floorMsPerSecond);
    expect(ours.from).toBe('timed work');
    expect(ours.msPer1000).toBeCloseTo(0.885, 3);
    const a = ownCost(netCost(22.2, 10_000, workIdle), netCost(73.2, 10_000, busyIdle), busyIdle.floorMsPerSecond);
    expect(a.from).toBe('timed work');
  });

  it('gives the better baseline over ours, a lower bound when ours is at the floor', () => {
    const idle = idleRef([50, 52]);
    const ours = netCost(51, 10_000, idle); // at the floor (2 ms/s)
    const a = netCost(80, 10_000, idle); // 29 ms/s
    const b = netCost(500, 10_000, idle);
    const h = headroomRatio(ours, [a, b]);
    expect(h.ratio).toBeCloseTo(29 / 2, 12);
    expect(h.atLeast).toBe(true);
    const plain = headroomRatio(netCost(61, 10_000, idle), [a, b]);
    expect(plain.ratio).toBeCloseTo(29 / 10, 12);
    expect(plain.atLeast).toBe(false);
  });

  it('compares per update, so a baseline that fell behind is not flattered', () => {
    const idle = idleRef([40, 40]);
    // Same net ms per second, but the baseline applied half the updates: twice the cost per update.
    const h = headroomRatio(netCost(60, 10_000, idle), [netCost(60, 5_000, idle)]);
    expect(h.ratio).toBeCloseTo(2, 12);
  });

  it('has no figure without an idle measurement or updates', () => {
    expect(netCost(60, 10_000, idleRef([NaN, NaN])).msPer1000).toBeNaN();
    expect(netCost(60, 0, idleRef([40, 41])).msPer1000).toBeNaN();
    expect(headroomRatio(netCost(60, 0, idleRef([40, 41])), []).ratio).toBeNull();
  });
});
