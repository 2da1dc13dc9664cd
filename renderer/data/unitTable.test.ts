import { describe, expect, it } from 'vitest';
import { COORD_SCALE, decodeUnitPositions, encodeUnitPositions, type Unit } from '../../shared/protocol';
import { DENSE_SLOT_LIMIT, SlotIndex, UnitTable } from './unitTable';

function unit(i: number, over: Partial<Unit> = {}): Unit {
  return {
    id: `u${i}`,
    slot: i,
    callsign: `曲靖${i}`,
    kind: 'car',
    status: 'patrol',
    district: '530302',
    lon: 103.8,
    lat: 25.5,
    heading: 0,
    speed: 0,
    incidentId: null,
    updatedAt: 0,
    ...over,
  };
}

function frame(seq: number, recs: { slot: number; lon: number; lat: number; heading: number | null }[]) {
  const r = decodeUnitPositions(encodeUnitPositions(seq, 1000, recs.map((x) => ({ ...x, speed: 1 }))));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('UnitTable', () => {
  it('applies a positions frame in place by slot', () => {
    const t = new UnitTable(4);
    t.upsert(unit(7));
    t.upsert(unit(9));
    const v = t.version;
    const r = t.applyPositions(frame(1, [{ slot: 9, lon: 103.9, lat: 25.6, heading: 90 }]));
    expect(r).toEqual({ applied: 1, skipped: 0 });
    const row = t.rowOf('u9')!;
    expect(t.positions[row * 2]).toBeCloseTo(103.9, 6);
    expect(t.positions[row * 2 + 1]).toBeCloseTo(25.6, 6);
    expect(t.heading[row]).toBe(90);
    expect(t.version).toBeGreaterThan(v);
    // the other unit is untouched
    expect(t.positions[t.rowOf('u7')! * 2]).toBeCloseTo(103.8, 6);
  });

  it('skips out-of-range records and unknown slots', () => {
    const t = new UnitTable();
    t.upsert(unit(1));
    const buf = encodeUnitPositions(2, 1000, [
      { slot: 1, lon: 103.1, lat: 25.1, heading: null, speed: 0 },
      { slot: 99, lon: 103.2, lat: 25.2, heading: null, speed: 0 },
    ]);
    // Corrupt the first record's latitude to 95° (out of range).
    new Int32Array(buf, 24 + 8 * 2, 2)[0] = 95 * COORD_SCALE;
    const b = decodeUnitPositions(buf);
    if (!b.ok) throw new Error(b.reason);
    expect(t.applyPositions(b.value)).toEqual({ applied: 0, skipped: 2 });
    expect(t.positions[0]).toBeCloseTo(103.8, 6);
    expect(t.skippedRecords).toBe(2);
  });

  it('keeps the heading when the frame says unknown', () => {
    const t = new UnitTable();
    t.upsert(unit(1, { heading: 45 }));
    t.applyPositions(frame(1, [{ slot: 1, lon: 103, lat: 25, heading: null }]));
    expect(t.heading[0]).toBe(45);
  });

  it('grows by doubling and keeps the data', () => {
    const t = new UnitTable(2);
    for (let i = 0; i < 9; i++) t.upsert(unit(i, { lon: 103 + i / 100 }));
    expect(t.count).toBe(9);
    expect(t.capacity).toBe(16);
    expect(t.positions.length).toBe(32);
    expect(t.colors.length).toBe(64);
    for (let i = 0; i < 9; i++) expect(t.positions[t.rowOf(`u${i}`)! * 2]).toBeCloseTo(103 + i / 100, 6);
  });

  it('updates status colour and stays dense on removal', () => {
    const t = new UnitTable();
    t.upsert(unit(1));
    t.upsert(unit(2, { status: 'standby', lon: 104 }));
    t.upsert(unit(3, { status: 'dispatched', lon: 104.5 }));
    t.remove('u1');
    expect(t.count).toBe(2);
    expect(t.statusCounts()).toEqual([0, 0, 1, 0, 1]);
    // u3 moved into row 0 and still receives positions by its slot
    t.applyPositions(frame(1, [{ slot: 3, lon: 104.6, lat: 25, heading: 0 }]));
    expect(t.positions[t.rowOf('u3')! * 2]).toBeCloseTo(104.6, 6);
    t.upsert(unit(2, { status: 'patrol' }));
    expect(t.statusCounts()).toEqual([0, 1, 0, 0, 1]);
  });

  it('finds rows by slot for small dense slots, very large slots and slots freed by removal', () => {
    const t = new UnitTable(2);
    const big = DENSE_SLOT_LIMIT + 5;
    const huge = 0xfffffffe;
    t.upsert(unit(3000, { id: 'a' })); // beyond the index's first allocation: it grows
    t.upsert(unit(0, { id: 'b', slot: big }));
    t.upsert(unit(0, { id: 'c', slot: huge }));
    const r = t.applyPositions(
      frame(1, [
        { slot: 3000, lon: 103.1, lat: 25.1, heading: 10 },
        { slot: big, lon: 103.2, lat: 25.2, heading: 20 },
        { slot: huge, lon: 103.3, lat: 25.3, heading: 30 },
        { slot: 2999, lon: 103.4, lat: 25.4, heading: 40 },
      ]),
    );
    expect(r).toEqual({ applied: 3, skipped: 1 });
    expect(t.positions[t.rowOf('a')! * 2]).toBeCloseTo(103.1, 6);
    expect(t.positions[t.rowOf('b')! * 2]).toBeCloseTo(103.2, 6);
    expect(t.positions[t.rowOf('c')! * 2]).toBeCloseTo(103.3, 6);
    t.remove('a');
    t.remove('b');
    // The freed slots no longer reach a row (the last row moved into a freed one).
    expect(t.applyPositions(frame(2, [{ slot: 3000, lon: 104, lat: 26, heading: 0 }, { slot: big, lon: 104, lat: 26, heading: 0 }]))).toEqual({ applied: 0, skipped: 2 });
    expect(t.positions[t.rowOf('c')! * 2]).toBeCloseTo(103.3, 6);
  });

  it('bumps rowsVersion for upserts and removals, not for position frames', () => {
    const t = new UnitTable(4);
    t.upsert(unit(1));
    const rows = t.rowsVersion;
    t.applyPositions(frame(1, [{ slot: 1, lon: 103.9, lat: 25.6, heading: 90 }]));
    expect(t.rowsVersion).toBe(rows);
    t.upsert(unit(1, { status: 'standby' }));
    expect(t.rowsVersion).toBe(rows + 1);
    t.remove('u1');
    expect(t.rowsVersion).toBe(rows + 2);
  });
});

describe('SlotIndex', () => {
  it('answers −1 / undefined for slots it never saw, below and above the dense limit', () => {
    const ix = new SlotIndex();
    expect(ix.rowOrNone(5)).toBe(-1);
    expect(ix.rowOrNone(DENSE_SLOT_LIMIT - 1)).toBe(-1);
    expect(ix.get(DENSE_SLOT_LIMIT + 1)).toBeUndefined();
    ix.set(DENSE_SLOT_LIMIT - 1, 7);
    ix.set(DENSE_SLOT_LIMIT, 8);
    expect(ix.rowOrNone(DENSE_SLOT_LIMIT - 1)).toBe(7);
    expect(ix.rowOrNone(DENSE_SLOT_LIMIT)).toBe(8);
    ix.clear();
    expect(ix.get(DENSE_SLOT_LIMIT - 1)).toBeUndefined();
    expect(ix.get(DENSE_SLOT_LIMIT)).toBeUndefined();
  });
});
