import { describe, expect, it } from 'vitest';
import { TrendBuffers } from './trend';

const STEP = 300_000;
const NOW = Math.floor(Date.UTC(2026, 10, 24, 4, 0, 0) / STEP) * STEP + 10_000;
const last = Math.floor(NOW / STEP);

describe('trend buffers', () => {
  it('merges a query answer, nulls stay gaps', () => {
    const t = new TrendBuffers(6);
    t.merge({ from: (last - 5) * STEP, stepS: 300, sensors: [{ id: 'a', level: [0.1, null, 0.3, 0.4, 0.5, 0.6], flow: [1, null, 3, 4, 5, 6] }] });
    const s = [...t.series('a', NOW, 'level')];
    expect(s[0]).toBeCloseTo(0.1);
    expect(Number.isNaN(s[1]!)).toBe(true);
    expect(s[5]).toBeCloseTo(0.6);
    expect(t.series('a', NOW, 'flow')[2]).toBe(3);
  });

  it('appends live samples into their step; the last report of a step wins', () => {
    const t = new TrendBuffers(6);
    t.note('a', NOW - 5_000, 0.5, 1);
    t.note('a', NOW, 0.7, 2);
    expect(t.series('a', NOW, 'level')[5]).toBeCloseTo(0.7);
    // An answer arriving later does not overwrite a live sample of the same step.
    t.merge({ from: (last - 5) * STEP, stepS: 300, sensors: [{ id: 'a', level: [0, 0, 0, 0, 0, 0.1], flow: [0, 0, 0, 0, 0, 0] }] });
    expect(t.series('a', NOW, 'level')[5]).toBeCloseTo(0.7);
    expect(t.series('a', NOW, 'level')[4]).toBe(0);
  });

  it('is bounded: old steps fall out of the window, slots are reused', () => {
    const t = new TrendBuffers(6);
    for (let i = 0; i < 100; i++) t.note('a', NOW + i * STEP, i, i);
    const end = NOW + 99 * STEP;
    expect([...t.series('a', end, 'level')]).toEqual([94, 95, 96, 97, 98, 99]);
    // Seen from far later, everything is a gap.
    expect([...t.series('a', end + 10 * STEP, 'level')].every(Number.isNaN)).toBe(true);
  });

  it('keeps at most maxSensors and forgets removed ones', () => {
    const t = new TrendBuffers(6, 2);
    t.note('a', NOW, 1, 1);
    t.note('b', NOW, 1, 1);
    t.note('c', NOW, 1, 1);
    expect(t.size).toBe(2);
    t.retain(new Set(['a']));
    expect(t.size).toBe(1);
  });

  it('a different step size starts over', () => {
    const t = new TrendBuffers(6);
    t.note('a', NOW, 1, 1);
    t.merge({ from: (last - 5) * 600_000, stepS: 600, sensors: [] });
    expect(t.stepMs).toBe(600_000);
    expect(t.size).toBe(0);
  });
});
