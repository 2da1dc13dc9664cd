import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation';
import { TREND_CAPACITY, TREND_STEP_MS, TrendStore } from './trend';

const START = Date.UTC(2026, 10, 24, 10, 0, 0);
const HOUR = 3_600_000;

describe('drainage trend', () => {
  it('is filled for the last 24 h at start and ends on the current level', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    const r = sim.drainageTrend(24);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.result;
    expect(t.stepS).toBe(TREND_STEP_MS / 1000);
    expect(t.sensors).toHaveLength(sim.count('drainage'));
    expect(t.from).toBe((Math.floor(START / TREND_STEP_MS) - TREND_CAPACITY + 1) * TREND_STEP_MS);
    const byId = new Map(sim.entities('drainage').map((d) => [d.id, d]));
    for (const s of t.sensors) {
      expect(s.level).toHaveLength(TREND_CAPACITY);
      expect(s.flow).toHaveLength(TREND_CAPACITY);
      const filled = s.level.filter((v) => v !== null).length;
      expect(filled).toBeGreaterThan(TREND_CAPACITY - 3);
      const last = [...s.level].reverse().find((v) => v !== null);
      expect(last).toBeCloseTo(byId.get(s.id)!.level, 3);
      for (const v of s.level) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('is deterministic for a seed', () => {
    const a = createSimulation({ seed: 5, startTime: START });
    const b = createSimulation({ seed: 5, startTime: START });
    a.step(HOUR);
    b.step(HOUR);
    expect(a.drainageTrend(6)).toEqual(b.drainageTrend(6));
  });

  it('answers the hours and sensors asked for, and rejects unknown sensors', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    const r = sim.drainageTrend(6, ['ds-0002', 'ds-0001', 'ds-0002']);
    expect(r.ok && r.result.sensors.map((s) => [s.id, s.level.length])).toEqual([
      ['ds-0002', 72],
      ['ds-0001', 72],
    ]);
    const bad = sim.drainageTrend(1, ['ds-9999']);
    expect(bad.ok).toBe(false);
  });

  it('stays bounded: after two days the answer is still 24 h of steps', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    sim.step(49 * HOUR);
    const r = sim.drainageTrend(24, ['ds-0001']);
    expect(r.ok && r.result.sensors[0]!.level.length).toBe(TREND_CAPACITY);
    expect(r.ok && r.result.from).toBe((Math.floor(sim.now() / TREND_STEP_MS) - TREND_CAPACITY + 1) * TREND_STEP_MS);
    expect(r.ok && r.result.sensors[0]!.level.slice(0, -1).every((v) => v !== null)).toBe(true);
  });

  it('has nulls where a silenced sensor did not report, and values again after', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    expect(sim.simDrainage('ds-0001', undefined, true).ok).toBe(true);
    sim.step(HOUR);
    const r = sim.drainageTrend(2, ['ds-0001']);
    if (!r.ok) throw new Error('query failed');
    const level = r.result.sensors[0]!.level;
    // The last hour (12 steps, the current one included) is empty.
    expect(level.slice(-11).every((v) => v === null)).toBe(true);
    expect(level.slice(0, 10).every((v) => v !== null)).toBe(true);
    sim.simDrainage('ds-0001', undefined, false);
    const after = sim.drainageTrend(1, ['ds-0001']);
    expect(after.ok && after.result.sensors[0]!.level.at(-1)).not.toBeNull();
  });

  it('ring slots are reused, never mixed with an older day', () => {
    const store = new TrendStore(1);
    store.record(0, START, 1, 2);
    // Same slot one day later, different step.
    const r = store.query(START + 24 * HOUR, 24, [{ id: 'x', row: 0 }]);
    expect(r.sensors[0]!.level.every((v) => v === null)).toBe(true);
  });
});

describe('sim.drainage in the simulation', () => {
  it('a level over the alarm line turns the sensor red and raises an alarm', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    sim.drainChanges();
    const s = sim.entities('drainage').find((d) => d.state === 'normal')!;
    const r = sim.simDrainage(s.id, s.alarmLevel + 0.2, undefined);
    expect(r.ok).toBe(true);
    const c = sim.drainChanges();
    const d = c.drainage.upserts.find((x) => x.id === s.id)!;
    expect(d.state).toBe('alarm');
    expect(d.level).toBeCloseTo(s.alarmLevel + 0.2, 3);
    expect(d.reportedAt).toBe(sim.now());
    const a = c.alarms.upserts.find((x) => x.sourceId === s.id);
    expect(a?.source).toBe('drainage');
    expect(a?.state).toBe('active');
  });

  it('a level between the lines is a warning', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    const s = sim.entities('drainage').find((d) => d.state === 'normal')!;
    sim.simDrainage(s.id, (s.warnLevel + s.alarmLevel) / 2, undefined);
    expect(sim.entities('drainage').find((d) => d.id === s.id)!.state).toBe('warning');
  });

  it('a silenced sensor stops reporting until let go', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    const s = sim.entities('drainage')[0]!;
    sim.simDrainage(s.id, undefined, true);
    sim.drainChanges();
    const at = sim.entities('drainage').find((d) => d.id === s.id)!.reportedAt;
    for (let i = 0; i < 20; i++) {
      sim.step(60_000);
      expect(sim.drainChanges().drainage.upserts.some((d) => d.id === s.id)).toBe(false);
    }
    expect(sim.entities('drainage').find((d) => d.id === s.id)!.reportedAt).toBe(at);
    // A level set while silent shows when it reports again.
    sim.simDrainage(s.id, 0.42, undefined);
    expect(sim.drainChanges().drainage.upserts.some((d) => d.id === s.id)).toBe(false);
    sim.simDrainage(s.id, undefined, false);
    const back = sim.drainChanges().drainage.upserts.find((d) => d.id === s.id)!;
    expect(back.reportedAt).toBe(sim.now());
    expect(back.level).toBeCloseTo(0.42, 3);
  });

  it('an unknown sensor is NOT_FOUND', () => {
    const sim = createSimulation({ seed: 3, startTime: START });
    const r = sim.simDrainage('ds-9999', 1, undefined);
    expect(r.ok === false && r.code).toBe('NOT_FOUND');
  });
});
