import { describe, expect, it, vi } from 'vitest';
import { districtAt, QILIN_CENTRE, QUJING_BBOX } from '../../shared/geo';
import { parseEntities, TOPICS, type UnitStatus } from '../../shared/protocol';
import { createSimulation } from './simulation';
import { fastDistrictAt } from './geo-index';
import { createRng } from './random';
import { isLegalTransition, UNIT_TRANSITIONS } from './units';
import { localHour } from './places';

const START = Date.UTC(2026, 10, 24, 4, 0, 0);
const HOUR = 3_600_000;

describe('geo index', () => {
  it('answers exactly like shared districtAt', () => {
    const rng = createRng(7);
    for (let i = 0; i < 4000; i++) {
      const lon = rng.range(QUJING_BBOX.minLon - 0.05, QUJING_BBOX.maxLon + 0.05);
      const lat = rng.range(QUJING_BBOX.minLat - 0.05, QUJING_BBOX.maxLat + 0.05);
      expect(fastDistrictAt(lon, lat)).toBe(districtAt(lon, lat));
    }
    // Near the city centre, where the borders of three districts meet.
    for (let i = 0; i < 2000; i++) {
      const lon = QILIN_CENTRE.lon + rng.range(-0.3, 0.3);
      const lat = QILIN_CENTRE.lat + rng.range(-0.3, 0.3);
      expect(fastDistrictAt(lon, lat)).toBe(districtAt(lon, lat));
    }
  });
});

describe('simulation', () => {
  const sim = createSimulation({ seed: 1, startTime: START });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = createSimulation({ seed: 42, startTime: START });
    const b = createSimulation({ seed: 42, startTime: START });
    const c = createSimulation({ seed: 43, startTime: START });
    expect(a.state()).toEqual(b.state());
    expect(a.state()).not.toEqual(c.state());
    for (let i = 0; i < 120; i++) {
      a.step(30_000);
      b.step(30_000);
      c.step(30_000);
      expect(a.drainChanges()).toEqual(b.drainChanges());
      c.drainChanges();
    }
    expect(a.state()).toEqual(b.state());
    expect(a.history()).toEqual(b.history());
    expect(a.state()).not.toEqual(c.state());
  });

  it('has city-scale counts', () => {
    const cams = sim.entities('cameras');
    expect(cams.length).toBeGreaterThanOrEqual(6900);
    expect(cams.length).toBeLessThanOrEqual(7100);
    expect(cams.filter((c) => c.kind === 'face').length).toBe(376);
    expect(cams.filter((c) => c.kind === 'hd').length).toBeGreaterThan(6000);
    expect(sim.count('units')).toBeGreaterThanOrEqual(750);
    expect(sim.count('units')).toBeLessThanOrEqual(850);
    expect(sim.count('drainage')).toBeGreaterThanOrEqual(280);
    expect(sim.count('drainage')).toBeLessThanOrEqual(320);
    const h = sim.history().records.length;
    expect(h).toBeGreaterThanOrEqual(55_000);
    expect(h).toBeLessThanOrEqual(65_000);
    expect(sim.entities('wall')).toEqual([expect.objectContaining({ id: 'wall-1', scene: '日常' })]);
  });

  it('creates entities that pass the protocol schemas', () => {
    for (const topic of TOPICS) {
      const items = sim.entities(topic);
      const { rejected } = parseEntities(topic, items);
      expect(rejected, topic).toEqual([]);
    }
  });

  it('uses neither Math.random nor the clock', () => {
    const random = vi.spyOn(Math, 'random');
    const clock = vi.spyOn(Date, 'now');
    try {
      const s = createSimulation({ seed: 8, startTime: START });
      s.step(60_000);
      expect(random).not.toHaveBeenCalled();
      expect(clock).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      clock.mockRestore();
    }
  });

  it('starts warm: open city events, recent face hits and a worked alarm queue', () => {
    const events = sim.entities('city-events');
    expect(events.length).toBeGreaterThan(5);
    const open = events.filter((e) => e.status !== 'closed');
    expect(open.length).toBeGreaterThanOrEqual(5);
    expect(open.length).toBeLessThanOrEqual(50);
    for (const e of events) {
      expect(e.reportedAt).toBeLessThanOrEqual(START);
      expect(e.updatedAt).toBeGreaterThanOrEqual(e.reportedAt);
      expect(e.updatedAt).toBeLessThanOrEqual(START);
      expect(START - e.reportedAt).toBeLessThan(24 * HOUR);
      if (e.status === 'closed') expect(START - e.updatedAt).toBeLessThan(2 * HOUR);
      if (e.status === 'assigned') expect(e.updatedAt).toBe(e.reportedAt);
    }
    const hits = sim.entities('face-hits');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.time).toBeLessThanOrEqual(START);
      expect(START - h.time).toBeLessThan(24 * HOUR);
    }
    const hitById = new Map(hits.map((h) => [h.id, h]));
    const eventById = new Map(events.map((e) => [e.id, e]));
    const alarms = sim.entities('alarms');
    expect(alarms.filter((a) => a.state === 'active').length).toBeGreaterThanOrEqual(1);
    expect(alarms.filter((a) => a.state !== 'active').length).toBeGreaterThanOrEqual(1);
    for (const a of alarms) {
      expect(a.raisedAt).toBeLessThanOrEqual(START);
      if (a.state === 'active') expect([a.ackBy, a.ackAt, a.clearedAt]).toEqual([null, null, null]);
      if (a.state === 'acknowledged') {
        expect(a.ackBy).toMatch(/^值班(员|台) \S+$/);
        expect(a.ackAt).toBeGreaterThanOrEqual(a.raisedAt);
        expect(a.ackAt).toBeLessThanOrEqual(START);
        expect(a.clearedAt).toBeNull();
      }
      if (a.state === 'cleared') {
        expect(a.clearedAt).toBeGreaterThanOrEqual(a.ackAt ?? a.raisedAt);
        expect(a.clearedAt).toBeLessThanOrEqual(START);
        expect(START - a.clearedAt!).toBeLessThan(3 * HOUR);
      }
      if (a.source === 'face') {
        // Face alarms clear themselves after two hours; their hits are kept for a day.
        expect(hitById.has(a.sourceId), a.id).toBe(true);
        expect(a.state === 'cleared').toBe(START - a.raisedAt >= 2 * HOUR);
      }
      if (a.source === 'city-event' && a.state !== 'cleared') expect(eventById.get(a.sourceId)?.status).not.toBe('closed');
    }
    for (const e of open.filter((x) => x.type === 'manhole_damaged')) {
      expect(alarms.find((a) => a.sourceId === e.id)?.state, e.id).not.toBe('cleared');
    }
  });

  it('carries the warm start on with the live retention rules', () => {
    const s = createSimulation({ seed: 2, startTime: START });
    const openAtStart = s.entities('city-events').filter((e) => e.status !== 'closed').length;
    for (let i = 0; i < 180; i++) s.step(60_000);
    const now = s.now();
    const events = s.entities('city-events');
    for (const e of events) if (e.status === 'closed') expect(now - e.updatedAt).toBeLessThan(2 * HOUR);
    for (const a of s.entities('alarms')) {
      if (a.state === 'cleared') expect(now - a.clearedAt!).toBeLessThan(3 * HOUR);
      if (a.source === 'face' && now - a.raisedAt > 2 * HOUR + 60_000) expect(a.state).toBe('cleared');
    }
    for (const h of s.entities('face-hits')) expect(now - h.time).toBeLessThan(24 * HOUR);
    // Arrivals and closures balance: the open count stays in the same range.
    const openLater = events.filter((e) => e.status !== 'closed').length;
    expect(openLater).toBeGreaterThan(openAtStart / 3);
    expect(openLater).toBeLessThan(openAtStart * 3);
  });



  it('puts every point inside Qujing and inside its stated district', () => {
    const s = createSimulation({ seed: 3, startTime: START });
    const check = (what: string, lon: number, lat: number, district: string, exact: boolean) => {
      const d = exact ? districtAt(lon, lat) : fastDistrictAt(lon, lat);
      if (d !== district) throw new Error(`${what} at ${lon},${lat} is in ${d}, says ${district}`);
    };
    for (const c of s.entities('cameras')) check(`camera ${c.id}`, c.lon, c.lat, c.district, true);
    for (const d of s.entities('drainage')) {
      check(`sensor ${d.id}`, d.lon, d.lat, d.district, true);
      expect(d.district).toBe('530302');
    }
    // What the warm start put in place before the first step.
    for (const e of s.entities('city-events')) check(`city event ${e.id}`, e.lon, e.lat, e.district, true);
    for (const h of s.entities('face-hits')) check(`face hit ${h.id}`, h.lon, h.lat, h.district, true);
    for (const a of s.entities('alarms')) {
      if (a.lon !== null && a.lat !== null && a.district !== null) check(`alarm ${a.id}`, a.lon, a.lat, a.district, true);
    }
    // fastDistrictAt is proven equal to districtAt above; the exact check on 60k points would take seconds.
    const hist = s.history().records;
    hist.forEach((r, i) => check(`history ${i}`, r.lon, r.lat, r.district, i % 50 === 0));
    for (let i = 0; i < 720; i++) {
      s.step(i % 2 ? 10_000.4 : 9_999.7);
      const c = s.drainChanges();
      for (const topic of TOPICS) expect(parseEntities(topic, c[topic].upserts).rejected, topic).toEqual([]);
    }
    for (const u of s.entities('units')) check(`unit ${u.id}`, u.lon, u.lat, u.district, true);
    for (const e of s.entities('incidents')) check(`incident ${e.id}`, e.lon, e.lat, e.district, true);
    for (const e of s.entities('city-events')) check(`city event ${e.id}`, e.lon, e.lat, e.district, true);
    for (const topic of TOPICS) expect(parseEntities(topic, s.entities(topic)).rejected, topic).toEqual([]);
  });

  it('only makes legal unit status transitions and keeps a plausible mix', () => {
    const seen: string[] = [];
    let count = 0;
    const s = createSimulation({
      seed: 9,
      startTime: START,
      onUnitTransition: (id, from: UnitStatus, to: UnitStatus) => {
        count++;
        if (!isLegalTransition(from, to)) seen.push(`${id}: ${from} → ${to}`);
      },
    });
    let prev = new Map(s.entities('units').map((u) => [u.id, u.status]));
    s.drainChanges();
    for (let i = 0; i < 6 * 360; i++) {
      s.step(10_000);
      for (const u of s.drainChanges().units.upserts) {
        const was = prev.get(u.id)!;
        if (was !== u.status) prev.set(u.id, u.status);
      }
    }
    expect(seen).toEqual([]);
    expect(count).toBeGreaterThan(500);
    prev = new Map(s.entities('units').map((u) => [u.id, u.status]));
    const mix: Record<string, number> = {};
    for (const st of prev.values()) mix[st] = (mix[st] ?? 0) + 1;
    const n = prev.size;
    for (const st of Object.keys(UNIT_TRANSITIONS)) expect(mix[st] ?? 0, st).toBeGreaterThan(0);
    expect(mix.on_duty! / n).toBeGreaterThan(0.15);
    expect(mix.patrol! / n).toBeGreaterThan(0.2);
  });

  it('moves units at plausible speeds', () => {
    const s = createSimulation({ seed: 4, startTime: START });
    s.drainChanges();
    s.step(10_000);
    const { positions } = s.drainChanges();
    expect(positions.length).toBeGreaterThan(100);
    for (const p of positions) expect(p.speed).toBeLessThanOrEqual(20);
    const units = s.entities('units');
    const foot = units.filter((u) => u.kind === 'foot' && u.speed > 0);
    for (const u of foot) expect(u.speed).toBeLessThan(2);
  });

  it('floods at least one drainage sensor within a day (the first storm comes within hours) and clears it again', () => {
    const s = createSimulation({ seed: 11, startTime: START });
    let alarmed = false;
    let drainageAlarms = 0;
    let cleared = 0;
    s.drainChanges();
    for (let i = 0; i < 10 * 120; i++) {
      s.step(30_000);
      const c = s.drainChanges();
      if (c.drainage.upserts.some((d) => d.state === 'alarm')) alarmed = true;
      drainageAlarms += c.alarms.upserts.filter((a) => a.source === 'drainage' && a.state === 'active').length;
      cleared += c.alarms.upserts.filter((a) => a.source === 'drainage' && a.state === 'cleared').length;
    }
    expect(alarmed).toBe(true);
    expect(drainageAlarms).toBeGreaterThan(0);
    expect(cleared).toBeGreaterThan(0);
  });

  it('gives the history a daily rhythm: quiet at night, busy in the evening', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const r of sim.history().records) byHour[localHour(r.time)]!++;
    const night = byHour[3]! + byHour[4]! + byHour[5]!;
    const evening = byHour[18]! + byHour[19]! + byHour[20]!;
    expect(evening).toBeGreaterThan(night * 3);
  });

  it('keeps 800 units moving over five simulated minutes, with every change drained', () => {
    // Speed is the bench's job (npm run bench); this checks a long run of steps stays sound.
    const s = createSimulation({ seed: 2, startTime: START });
    const before = new Map(s.entities('units').map((u) => [u.id, [u.lon, u.lat]]));
    for (let i = 0; i < 300; i++) {
      s.step(1000);
      s.drainChanges();
    }
    const units = s.entities('units');
    expect(units).toHaveLength(before.size);
    const moved = units.filter((u) => before.get(u.id)![0] !== u.lon || before.get(u.id)![1] !== u.lat).length;
    // Patrolling and dispatched units move (about 40 % of the fleet); those on post or standby stay.
    expect(moved).toBeGreaterThan(units.length / 4);
    expect(units.every((u) => Number.isFinite(u.lon) && Number.isFinite(u.lat))).toBe(true);
  });

  it('handles console commands', () => {
    const s = createSimulation({ seed: 6, startTime: START });
    const alarm = s.entities('alarms').find((a) => a.state === 'active') ?? null;
    if (alarm) {
      const r = s.ackAlarm(alarm.id, 'console-1', 'seen');
      expect(r).toMatchObject({ ok: true, result: { alarm: { state: 'acknowledged', ackBy: 'console-1', ackNote: 'seen' } } });
      expect(s.ackAlarm(alarm.id, 'other', null)).toEqual(r);
    }
    expect(s.ackAlarm('nope', 'x', null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const inc = s.entities('incidents').find((e) => e.status !== 'closed')!;
    const free = s.entities('units').find((u) => u.status === 'patrol' && u.district === inc.district)!;
    expect(s.dispatch(inc.id, [free.id])).toMatchObject({ ok: true });
    expect(s.entities('units').find((u) => u.id === free.id)).toMatchObject({ status: 'dispatched', incidentId: inc.id });
    expect(s.dispatch(inc.id, [free.id])).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(s.dispatch(inc.id, ['u-9999'])).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(s.closeIncident(inc.id)).toMatchObject({ ok: true, result: { incident: { status: 'closed' } } });
    expect(s.entities('units').find((u) => u.id === free.id)).toMatchObject({ incidentId: null });
    expect(s.dispatch(inc.id, [free.id])).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(s.setWallScene('wall-1', '防汛', 'console-1')).toMatchObject({ ok: true });
    expect(s.drainChanges().wall.upserts).toEqual([expect.objectContaining({ scene: '防汛', updatedBy: 'console-1' })]);
  });
});
