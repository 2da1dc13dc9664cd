import { describe, expect, it } from 'vitest';
import { UnitMotion } from './motion';
import { VersionedMap } from './versioned-map';

/** The GPU-visible state of a motion: what the unit layer would draw. */
function drawn(m: UnitMotion, now: number) {
  return {
    from: [...m.gpuFrom.subarray(0, m.count * 2)],
    to: [...m.gpuTo.subarray(0, m.count * 2)],
    start: [...m.gpuStart.subarray(0, m.count)],
    moving: m.moving(now),
    at: Array.from({ length: m.count }, (_, r) => m.positionAt(r, now)),
    trails: Array.from({ length: m.count }, (_, r) => m.trails.row(r)),
    step: m.step,
  };
}

describe('UnitMotion snap (a batch that will not glide)', () => {
  it('draws exactly what sync then land draws, including glides still running from an earlier batch', () => {
    const a = new UnitMotion(2);
    const b = new UnitMotion(2);
    const ids = ['a', 'b', 'c'];
    // A gliding batch first (both), then batches that snap: a lands them after sync, b snaps in one pass.
    a.sync({ count: 3, positions: [1, 1, 2, 2, 3, 3], ids }, 0);
    b.sync({ count: 3, positions: [1, 1, 2, 2, 3, 3], ids }, 0);
    a.sync({ count: 3, positions: [1.5, 1, 2, 2, 3, 3.5], ids }, 1000);
    b.sync({ count: 3, positions: [1.5, 1, 2, 2, 3, 3.5], ids }, 1000);
    expect(b.moving(1200)).toBe(true);
    // Mid-glide, the next batch moves one unit only and adds one: the others must land too.
    const next = { count: 4, positions: [1.7, 1, 2, 2, 3, 3.5, 9, 9], ids: [...ids, 'd'] };
    a.sync(next, 1300);
    a.land(1300);
    const before = b.version;
    b.sync(next, 1300, true);
    expect(drawn(b, 1300)).toEqual(drawn(a, 1300));
    expect(b.moving(1300)).toBe(false);
    expect(b.version).toBeGreaterThan(before);
    // Every unit is drawn at its report from this frame on.
    expect(b.positionAt(0, 1300)).toEqual([1.7, 1]);
    expect(b.positionAt(2, 1300)).toEqual([3, 3.5]);
    // A later snapping batch where nothing moved changes nothing (no upload).
    const v = b.version;
    b.sync(next, 1400, true);
    expect(b.version).toBe(v);
  });

  it('still measures the batch step (for the glide diagnostics)', () => {
    const m = new UnitMotion(4);
    m.sync({ count: 1, positions: [100, 20], ids: ['a'] }, 0, true);
    m.sync({ count: 1, positions: [100.001, 20], ids: ['a'] }, 1000, true);
    expect(m.step.dx).toBeCloseTo(0.001, 9);
    expect(m.stepPixels(11)).toBeGreaterThan(1);
  });
});

describe('VersionedMap', () => {
  it('counts every change so a copy by row can be refreshed only when needed', () => {
    const m = new VersionedMap<string, number>();
    expect(m.version).toBe(0);
    m.set('a', 1);
    m.set('a', 2);
    expect(m.version).toBe(2);
    expect(m.get('a')).toBe(2);
    m.delete('a');
    m.clear();
    expect(m.version).toBe(4);
    expect(m.size).toBe(0);
  });
});
