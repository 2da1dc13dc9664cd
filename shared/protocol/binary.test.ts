import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COORD_SCALE,
  HEADING_UNKNOWN,
  decodeIncidentHistory,
  decodeUnitPositions,
  encodeIncidentHistory,
  encodeUnitPositions,
  positionRecordValid,
  type HistoryRecord,
} from './binary';
import { INCIDENT_CATEGORIES } from './entities';

describe('unit position frames', () => {
  it('round-trips positions to about a centimetre, heading to 0.01° and speed to 0.1 m/s', () => {
    const records = [
      { slot: 0, lon: 103.7976123, lat: 25.4967456, heading: 359.99, speed: 12.34 },
      { slot: 799, lon: 104.1, lat: 26.2, heading: null, speed: 0 },
    ];
    const buf = encodeUnitPositions(42, 1_764_000_000_123, records);
    expect(buf.byteLength).toBe(24 + 16 * 2);
    const r = decodeUnitPositions(buf);
    if (!r.ok) throw new Error(r.reason);
    const b = r.value;
    expect(b.seq).toBe(42);
    expect(b.serverTs).toBe(1_764_000_000_123);
    expect(Array.from(b.slot)).toEqual([0, 799]);
    expect(b.lon[0]! / COORD_SCALE).toBeCloseTo(103.7976123, 7);
    expect(b.lat[1]! / COORD_SCALE).toBeCloseTo(26.2, 7);
    expect(b.heading[0]).toBe(35999);
    expect(b.heading[1]).toBe(HEADING_UNKNOWN);
    expect(b.speed[0]).toBe(123);
  });

  it('decodes a frame that arrives at an unaligned offset (a Node Buffer slice)', () => {
    const buf = encodeUnitPositions(1, 5, [{ slot: 3, lon: 103, lat: 25, heading: 10, speed: 1 }]);
    const padded = new Uint8Array(buf.byteLength + 3);
    padded.set(new Uint8Array(buf), 3);
    const r = decodeUnitPositions(padded.subarray(3));
    expect(r.ok && Array.from(r.value.slot)).toEqual([3]);
  });

  it('rejects truncated, mistyped and lying frames with a reason, and never throws on junk', () => {
    const good = encodeUnitPositions(1, 5, [{ slot: 3, lon: 103, lat: 25, heading: 10, speed: 1 }]);
    expect(decodeUnitPositions(good.slice(0, 30))).toMatchObject({ ok: false });
    const wrongType = new Uint8Array(good.slice(0));
    wrongType[0] = 9;
    expect(decodeUnitPositions(wrongType)).toMatchObject({ ok: false, reason: expect.stringMatching(/frame type/) });
    const lyingCount = new DataView(good.slice(0));
    lyingCount.setUint32(16, 1000, true);
    expect(decodeUnitPositions(lyingCount.buffer)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
    expect(decodeUnitPositions('not binary')).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = decodeUnitPositions(bytes);
        if (r.ok) expect(r.value.count * 16 + 24).toBe(bytes.byteLength);
      }),
      { numRuns: 3000 },
    );
  });

  it('flags records whose coordinates are out of range so they can be skipped alone', () => {
    const buf = encodeUnitPositions(1, 5, [
      { slot: 0, lon: 103, lat: 25, heading: 0, speed: 0 },
      { slot: 1, lon: 103, lat: 25, heading: 0, speed: 0 },
    ]);
    new Int32Array(buf, 24 + 8 * 2, 2)[1] = 95 * COORD_SCALE; // lat 95°
    const r = decodeUnitPositions(buf);
    if (!r.ok) throw new Error(r.reason);
    expect(positionRecordValid(r.value, 0)).toBe(true);
    expect(positionRecordValid(r.value, 1)).toBe(false);
  });
});

describe('incident history block', () => {
  it('round-trips 60,000 records', () => {
    const base = 1_760_000_000_000;
    const records: HistoryRecord[] = Array.from({ length: 60_000 }, (_, i) => ({
      time: base + i * 43_000,
      lon: 103.5 + (i % 100) / 100,
      lat: 25 + (i % 77) / 100,
      category: i % 7 === 0 ? 'robbery' : 'theft',
      priority: ((i % 3) + 1) as 1 | 2 | 3,
      district: '530302',
    }));
    const r = decodeIncidentHistory(encodeIncidentHistory(base, records));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.count).toBe(60_000);
    expect(r.value.baseTs + r.value.offsetS[59_999]! * 1000).toBe(records[59_999]!.time);
    expect(INCIDENT_CATEGORIES[r.value.category[0]!]).toBe('robbery');
    expect(r.value.priority[2]).toBe(3);
  });
});
