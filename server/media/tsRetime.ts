/**
 * Shifts the timestamps of an MPEG-TS segment (PES PTS/DTS and PCR, 90 kHz, 33 bits, wrapping)
 * so the demo loops play as one continuous live timeline: the segment for media sequence
 * number `msn` starts `msn` seconds into it, whichever loop segment it carries. A real camera's
 * HLS has no timestamp jump every ten seconds, and players handle a discontinuity at a cost
 * (hls.js 1.7 even keeps per-discontinuity arrays indexed by the discontinuity number, which
 * with an epoch-based count blocks the page for seconds on every playlist refresh).
 * Pure: returns a patched copy, the cached segment stays untouched.
 */

const PACKET = 188;
const SYNC = 0x47;
/** 2^33: PTS, DTS and the PCR base wrap here. */
export const TS_WRAP = 2 ** 33;
export const TS_HZ = 90_000;

/** Adds `offset` (90 kHz ticks) modulo 2^33. */
function shifted(t: number, offset: number): number {
  return (((t + offset) % TS_WRAP) + TS_WRAP) % TS_WRAP;
}

/** The 33-bit timestamp of a PES header's 5-byte PTS/DTS field at `i`. */
export function readTimestamp(b: Uint8Array, i: number): number {
  return (
    ((b[i]! >> 1) & 0x07) * 2 ** 30 + // bits 32..30
    ((b[i + 1]! << 7) | (b[i + 2]! >> 1)) * 2 ** 15 + // bits 29..15
    ((b[i + 3]! << 7) | (b[i + 4]! >> 1)) // bits 14..0
  );
}

/** Writes a 33-bit timestamp into a PTS/DTS field, keeping its 4-bit prefix and marker bits. */
function writeTimestamp(b: Uint8Array, i: number, t: number): void {
  const hi = Math.floor(t / 2 ** 30) & 0x07;
  const mid = Math.floor(t / 2 ** 15) & 0x7fff;
  const lo = t & 0x7fff;
  b[i] = (b[i]! & 0xf0) | (hi << 1) | 1;
  b[i + 1] = mid >> 7;
  b[i + 2] = ((mid & 0x7f) << 1) | 1;
  b[i + 3] = lo >> 7;
  b[i + 4] = ((lo & 0x7f) << 1) | 1;
}

/** The 33-bit PCR base of an adaptation field's PCR at `i`. */
export function readPcrBase(b: Uint8Array, i: number): number {
  return b[i]! * 2 ** 25 + b[i + 1]! * 2 ** 17 + b[i + 2]! * 2 ** 9 + b[i + 3]! * 2 + (b[i + 4]! >> 7);
}

function writePcrBase(b: Uint8Array, i: number, base: number): void {
  b[i] = Math.floor(base / 2 ** 25) & 0xff;
  b[i + 1] = Math.floor(base / 2 ** 17) & 0xff;
  b[i + 2] = Math.floor(base / 2 ** 9) & 0xff;
  b[i + 3] = Math.floor(base / 2) & 0xff;
  b[i + 4] = ((base & 1) << 7) | (b[i + 4]! & 0x7f);
}

/** A copy of `segment` with every PTS, DTS and PCR moved by `offset` ticks of 90 kHz (mod 2^33). */
export function retimeSegment(segment: Uint8Array, offset: number): Buffer {
  const out = Buffer.from(segment);
  for (let p = 0; p + PACKET <= out.length; p += PACKET) {
    if (out[p] !== SYNC) continue;
    const unitStart = (out[p + 1]! & 0x40) !== 0;
    const afc = (out[p + 3]! >> 4) & 0x03;
    let payload = p + 4;
    if (afc & 0x02) {
      const afLen = out[p + 4]!;
      // PCR flag: the PCR follows the flags byte.
      if (afLen >= 7 && out[p + 5]! & 0x10) writePcrBase(out, p + 6, shifted(readPcrBase(out, p + 6), offset));
      payload = p + 5 + afLen;
    }
    if (!(afc & 0x01) || !unitStart || payload + 9 > p + PACKET) continue;
    // A PES header (00 00 01, a stream id with the optional header: audio/video streams).
    if (out[payload] !== 0 || out[payload + 1] !== 0 || out[payload + 2] !== 1) continue;
    const streamId = out[payload + 3]!;
    if (!((streamId >= 0xc0 && streamId <= 0xef) || streamId === 0xbd)) continue;
    const flags = out[payload + 7]! >> 6;
    const end = p + PACKET;
    if (flags & 0x02 && payload + 14 <= end) writeTimestamp(out, payload + 9, shifted(readTimestamp(out, payload + 9), offset));
    if (flags === 0x03 && payload + 19 <= end) writeTimestamp(out, payload + 14, shifted(readTimestamp(out, payload + 14), offset));
  }
  return out;
}

/**
 * Ticks to add to loop segment `loopIndex` (one second each) so it plays at second `msn` of the
 * continuous timeline: consecutive media sequence numbers follow each other without a jump,
 * across the loop's wrap too.
 */
export function segmentOffset(msn: number, loopIndex: number, segmentMs: number): number {
  const ticksPerSegment = (segmentMs / 1000) * TS_HZ;
  return (((msn - loopIndex) * ticksPerSegment) % TS_WRAP + TS_WRAP) % TS_WRAP;
}
