import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMMAND_TYPES,
  CommandBody,
  DeltaEnvelope,
  Handshake,
  LIMITS,
  SnapshotEnvelope,
  TOPICS,
  parseEntities,
  parseWith,
  type Unit,
} from './index';

const unit: Unit = {
  id: 'U-0001',
  slot: 0,
  callsign: '麒麟-巡01',
  kind: 'car',
  status: 'patrol',
  district: '530302',
  lon: 103.7976,
  lat: 25.4967,
  heading: 90,
  speed: 10,
  incidentId: null,
  updatedAt: 1_764_000_000_000,
};

describe('entity validation', () => {
  it('accepts a well-formed unit and strips unknown fields (forward compatibility)', () => {
    const { valid, rejected } = parseEntities('units', [{ ...unit, futureField: 'x' }]);
    expect(rejected).toEqual([]);
    expect(valid).toHaveLength(1);
    expect(valid[0]).not.toHaveProperty('futureField');
  });

  it('rejects out-of-range coordinates, unknown statuses and unknown districts with a reason naming the field', () => {
    const bad = [
      { ...unit, id: 'a', lon: 200 },
      { ...unit, id: 'b', lat: Number.NaN },
      { ...unit, id: 'c', status: 'sleeping' },
      { ...unit, id: 'd', district: '110101' },
      { ...unit, id: 'e', callsign: 'x'.repeat(LIMITS.maxStringLength + 1) },
    ];
    const { valid, rejected } = parseEntities('units', bad);
    expect(valid).toEqual([]);
    expect(rejected).toHaveLength(5);
    expect(rejected[0]).toMatch(/units entity a: lon/);
    expect(rejected[2]).toMatch(/status/);
    expect(rejected[3]).toMatch(/district/);
  });

  it('drops one bad entity and keeps the good ones of the same batch', () => {
    const { valid, rejected } = parseEntities('units', [unit, { ...unit, id: 'x', speed: -1 }, { ...unit, id: 'U-2', slot: 1 }]);
    expect(valid.map((u) => u.id)).toEqual(['U-0001', 'U-2']);
    expect(rejected).toHaveLength(1);
  });

  it('refuses camera stream URLs with unexpected schemes', () => {
    const cam = { id: 'C1', name: 'c', kind: 'hd', district: '530302', lon: 103.8, lat: 25.5, online: true };
    const ok = parseEntities('cameras', [{ ...cam, streams: [{ protocol: 'hls', quality: 'main', url: 'http://10.0.0.1/a.m3u8' }] }]);
    expect(ok.valid).toHaveLength(1);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'rtsp://cam/1']) {
      const r = parseEntities('cameras', [{ ...cam, streams: [{ protocol: 'hls', quality: 'main', url }] }]);
      expect(r.valid, url).toHaveLength(0);
    }
  });
});

describe('envelopes and commands under hostile input', () => {
  it('never throws and never accepts a non-conforming snapshot or delta envelope', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), (junk) => {
        const s = parseWith(SnapshotEnvelope, junk, 'snapshot');
        const d = parseWith(DeltaEnvelope, junk, 'delta');
        if (s.ok) expect(TOPICS).toContain(s.value.topic);
        if (d.ok) expect(Array.isArray(d.value.upserts)).toBe(true);
        if (!s.ok) expect(s.reason).toMatch(/^snapshot: /);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects deltas with a negative, fractional or oversized sequence number, or too many items', () => {
    const base = { topic: 'units', seq: 5, ts: 1, upserts: [], removes: [] };
    expect(parseWith(DeltaEnvelope, base, 'd').ok).toBe(true);
    for (const seq of [-1, 1.5, 2 ** 32, Number.POSITIVE_INFINITY]) expect(parseWith(DeltaEnvelope, { ...base, seq }, 'd').ok).toBe(false);
    expect(parseWith(DeltaEnvelope, { ...base, topic: 'weather' }, 'd').ok).toBe(false);
    expect(parseWith(DeltaEnvelope, { ...base, removes: Array(LIMITS.maxDeltaItems + 1).fill('x') }, 'd').ok).toBe(false);
  });

  it('validates every command type and nothing else', () => {
    fc.assert(
      fc.property(fc.record({ type: fc.string(), payload: fc.anything() }), (cmd) => {
        const r = CommandBody.safeParse(cmd);
        if (r.success) expect(COMMAND_TYPES).toContain(r.data.type);
      }),
      { numRuns: 1000 },
    );
    expect(CommandBody.safeParse({ type: 'alarm.ack', payload: { alarmId: 'A1' } }).success).toBe(true);
    expect(CommandBody.safeParse({ type: 'incident.dispatch', payload: { incidentId: 'I1', unitIds: [] } }).success).toBe(false);
  });

  it('requires a token, a known role and an integer protocol version in the handshake', () => {
    expect(Handshake.safeParse({ token: 't', role: 'wall', protocol: 1 }).success).toBe(true);
    expect(Handshake.safeParse({ token: '', role: 'wall', protocol: 1 }).success).toBe(false);
    expect(Handshake.safeParse({ token: 't', role: 'root', protocol: 1 }).success).toBe(false);
    expect(Handshake.safeParse({ token: 't', role: 'console', protocol: '1' }).success).toBe(false);
  });
});
