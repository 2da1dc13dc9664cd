/**
 * Binary frames for hot data. All integers little-endian. See docs/protocol.md
 * ("Binary frames") for the byte layout; this module is the reference implementation.
 *
 * Unit positions (frame type 1), 24-byte header then five columns of N records:
 *   0  u8   frameType = 1
 *   1  u8   frameVersion = 1
 *   2  u16  reserved (0)
 *   4  u32  seq        (the units topic sequence number)
 *   8  f64  serverTs   (epoch ms)
 *  16  u32  count N
 *  20  u32  reserved (0)
 *  24            u32 slot[N]
 *  24 + 4N       i32 lon[N]   degrees × 1e7
 *  24 + 8N       i32 lat[N]   degrees × 1e7
 *  24 + 12N      u16 heading[N] degrees × 100 (0..35999), 0xFFFF = unknown
 *  24 + 14N      u16 speed[N]   decimetres per second
 * Total 24 + 16N bytes.
 *
 * Incident history (frame type 2), 24-byte header then columns:
 *   0  u8 frameType = 2, 1 u8 frameVersion = 1, 2 u16 reserved
 *   4  u32 count N
 *   8  f64 baseTs (epoch ms; every record's time is baseTs + offset)
 *  16  u32 reserved, 20 u32 reserved
 *  24            u32 offsetS[N]  seconds after baseTs
 *  24 + 4N       i32 lon[N] × 1e7
 *  24 + 8N       i32 lat[N] × 1e7
 *  24 + 12N      u8  category[N] (index into INCIDENT_CATEGORIES)
 *  24 + 13N      u8  priority[N] (1..3)
 *  24 + 14N      u8  district[N] (index into DISTRICT_CODES)
 * Total 24 + 15N bytes.
 */
import { INCIDENT_CATEGORIES } from './entities';
import { DISTRICT_CODES } from '../geo/districts';
import { LIMITS } from './limits';

export const FRAME_UNIT_POSITIONS = 1;
export const FRAME_INCIDENT_HISTORY = 2;
export const FRAME_VERSION = 1;
export const HEADER_BYTES = 24;
export const COORD_SCALE = 1e7;
export const HEADING_UNKNOWN = 0xffff;

export interface UnitPositionBatch {
  seq: number;
  serverTs: number;
  count: number;
  slot: Uint32Array;
  lon: Int32Array;
  lat: Int32Array;
  heading: Uint16Array;
  speed: Uint16Array;
}

export interface PositionRecord {
  slot: number;
  lon: number;
  lat: number;
  /** Degrees, or null when unknown. */
  heading: number | null;
  /** Metres per second. */
  speed: number;
}

export function encodeUnitPositions(seq: number, serverTs: number, records: readonly PositionRecord[]): ArrayBuffer {
  const n = records.length;
  const buf = new ArrayBuffer(HEADER_BYTES + 16 * n);
  const dv = new DataView(buf);
  dv.setUint8(0, FRAME_UNIT_POSITIONS);
  dv.setUint8(1, FRAME_VERSION);
  dv.setUint32(4, seq >>> 0, true);
  dv.setFloat64(8, serverTs, true);
  dv.setUint32(16, n, true);
  const slot = new Uint32Array(buf, HEADER_BYTES, n);
  const lon = new Int32Array(buf, HEADER_BYTES + 4 * n, n);
  const lat = new Int32Array(buf, HEADER_BYTES + 8 * n, n);
  // u16 columns start at 24 + 12N (always 4-byte aligned) and 24 + 14N (2-byte aligned).
  const heading = new Uint16Array(buf, HEADER_BYTES + 12 * n, n);
  const speed = new Uint16Array(buf, HEADER_BYTES + 14 * n, n);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    slot[i] = r.slot;
    lon[i] = Math.round(r.lon * COORD_SCALE);
    lat[i] = Math.round(r.lat * COORD_SCALE);
    heading[i] = r.heading === null ? HEADING_UNKNOWN : Math.round((((r.heading % 360) + 360) % 360) * 100) % 36000;
    speed[i] = Math.min(0xfffe, Math.round(r.speed * 10));
  }
  return buf;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Accepts an ArrayBuffer (browser) or any ArrayBufferView such as a Node Buffer. */
export function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** Copies into a fresh buffer when the input view is not 8-byte aligned (f64 header field, typed columns). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset % 8 === 0 && bytes.buffer instanceof ArrayBuffer) {
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  return bytes.slice().buffer;
}

export function decodeUnitPositions(data: unknown): DecodeResult<UnitPositionBatch> {
  const bytes = toBytes(data);
  if (!bytes) return { ok: false, reason: 'positions frame is not binary' };
  if (bytes.byteLength < HEADER_BYTES) return { ok: false, reason: `positions frame too short (${bytes.byteLength} bytes)` };
  const buf = aligned(bytes);
  const dv = new DataView(buf);
  if (dv.getUint8(0) !== FRAME_UNIT_POSITIONS) return { ok: false, reason: `unexpected frame type ${dv.getUint8(0)}` };
  if (dv.getUint8(1) !== FRAME_VERSION) return { ok: false, reason: `unsupported frame version ${dv.getUint8(1)}` };
  const n = dv.getUint32(16, true);
  if (n > LIMITS.maxPositionRecords) return { ok: false, reason: `positions frame has ${n} records, limit ${LIMITS.maxPositionRecords}` };
  if (buf.byteLength !== HEADER_BYTES + 16 * n) {
    return { ok: false, reason: `positions frame length ${buf.byteLength} does not match ${n} records` };
  }
  const serverTs = dv.getFloat64(8, true);
  if (!Number.isFinite(serverTs) || serverTs < 0) return { ok: false, reason: 'positions frame has an invalid timestamp' };
  return {
    ok: true,
    value: {
      seq: dv.getUint32(4, true),
      serverTs,
      count: n,
      slot: new Uint32Array(buf, HEADER_BYTES, n),
      lon: new Int32Array(buf, HEADER_BYTES + 4 * n, n),
      lat: new Int32Array(buf, HEADER_BYTES + 8 * n, n),
      heading: new Uint16Array(buf, HEADER_BYTES + 12 * n, n),
      speed: new Uint16Array(buf, HEADER_BYTES + 14 * n, n),
    },
  };
}

/** Range check for one decoded record; out-of-range records are skipped by the consumer. */
export function positionRecordValid(b: UnitPositionBatch, i: number): boolean {
  const lon = b.lon[i]!;
  const lat = b.lat[i]!;
  const h = b.heading[i]!;
  return (
    lon >= -180 * COORD_SCALE &&
    lon <= 180 * COORD_SCALE &&
    lat >= -90 * COORD_SCALE &&
    lat <= 90 * COORD_SCALE &&
    (h < 36000 || h === HEADING_UNKNOWN) &&
    b.speed[i]! <= MAX_SPEED_DMS
  );
}

/** 100 m/s, the entity schema's upper bound for speed. */
export const MAX_SPEED_DMS = 1000;

/** Range check for one history record; bad records are skipped by the consumer. */
export function historyRecordValid(h: IncidentHistory, i: number): boolean {
  const lon = h.lon[i]!;
  const lat = h.lat[i]!;
  const p = h.priority[i]!;
  return (
    lon >= -180 * COORD_SCALE &&
    lon <= 180 * COORD_SCALE &&
    lat >= -90 * COORD_SCALE &&
    lat <= 90 * COORD_SCALE &&
    h.category[i]! < INCIDENT_CATEGORIES.length &&
    h.district[i]! < DISTRICT_CODES.length &&
    p >= 1 &&
    p <= 3
  );
}

// Typed-array columns are read in the host's byte order; the wire is little-endian.
// Every platform the wall runs on (x86-64, arm64) is little-endian: refuse to run otherwise.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('qujing protocol: big-endian hosts are not supported');
}

export interface HistoryRecord {
  time: number;
  lon: number;
  lat: number;
  category: (typeof INCIDENT_CATEGORIES)[number];
  priority: 1 | 2 | 3;
  district: (typeof DISTRICT_CODES)[number];
}

export interface IncidentHistory {
  count: number;
  baseTs: number;
  offsetS: Uint32Array;
  lon: Int32Array;
  lat: Int32Array;
  category: Uint8Array;
  priority: Uint8Array;
  district: Uint8Array;
}

export function encodeIncidentHistory(baseTs: number, records: readonly HistoryRecord[]): ArrayBuffer {
  const n = records.length;
  const buf = new ArrayBuffer(HEADER_BYTES + 15 * n);
  const dv = new DataView(buf);
  dv.setUint8(0, FRAME_INCIDENT_HISTORY);
  dv.setUint8(1, FRAME_VERSION);
  dv.setUint32(4, n, true);
  dv.setFloat64(8, baseTs, true);
  const offsetS = new Uint32Array(buf, HEADER_BYTES, n);
  const lon = new Int32Array(buf, HEADER_BYTES + 4 * n, n);
  const lat = new Int32Array(buf, HEADER_BYTES + 8 * n, n);
  const category = new Uint8Array(buf, HEADER_BYTES + 12 * n, n);
  const priority = new Uint8Array(buf, HEADER_BYTES + 13 * n, n);
  const district = new Uint8Array(buf, HEADER_BYTES + 14 * n, n);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    offsetS[i] = Math.max(0, Math.round((r.time - baseTs) / 1000));
    lon[i] = Math.round(r.lon * COORD_SCALE);
    lat[i] = Math.round(r.lat * COORD_SCALE);
    category[i] = INCIDENT_CATEGORIES.indexOf(r.category);
    priority[i] = r.priority;
    district[i] = DISTRICT_CODES.indexOf(r.district);
  }
  return buf;
}

export function decodeIncidentHistory(data: unknown): DecodeResult<IncidentHistory> {
  const bytes = toBytes(data);
  if (!bytes) return { ok: false, reason: 'history block is not binary' };
  if (bytes.byteLength < HEADER_BYTES) return { ok: false, reason: 'history block too short' };
  const buf = aligned(bytes);
  const dv = new DataView(buf);
  if (dv.getUint8(0) !== FRAME_INCIDENT_HISTORY) return { ok: false, reason: `unexpected frame type ${dv.getUint8(0)}` };
  if (dv.getUint8(1) !== FRAME_VERSION) return { ok: false, reason: `unsupported frame version ${dv.getUint8(1)}` };
  const n = dv.getUint32(4, true);
  if (n > LIMITS.maxHistoryRecords) return { ok: false, reason: `history has ${n} records, limit ${LIMITS.maxHistoryRecords}` };
  if (buf.byteLength !== HEADER_BYTES + 15 * n) return { ok: false, reason: `history length ${buf.byteLength} does not match ${n} records` };
  const baseTs = dv.getFloat64(8, true);
  if (!Number.isFinite(baseTs) || baseTs < 0) return { ok: false, reason: 'history has an invalid base timestamp' };
  return {
    ok: true,
    value: {
      count: n,
      baseTs,
      offsetS: new Uint32Array(buf, HEADER_BYTES, n),
      lon: new Int32Array(buf, HEADER_BYTES + 4 * n, n),
      lat: new Int32Array(buf, HEADER_BYTES + 8 * n, n),
      category: new Uint8Array(buf, HEADER_BYTES + 12 * n, n),
      priority: new Uint8Array(buf, HEADER_BYTES + 13 * n, n),
      district: new Uint8Array(buf, HEADER_BYTES + 14 * n, n),
    },
  };
}
