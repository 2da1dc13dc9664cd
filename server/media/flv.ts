/**
 * FLV reading and writing, just what the demo media server needs: parse a committed FLV
 * file into tags, and write tags with new timestamps (plus a minimal onMetaData).
 * Pure: no I/O.
 */

export const TAG_AUDIO = 8;
export const TAG_VIDEO = 9;
export const TAG_SCRIPT = 18;

const CODEC_AVC = 7;

export interface FlvTag {
  type: number;
  /** Milliseconds, as in the file (24 bits + 8-bit extension). */
  timestamp: number;
  /** The tag body (a view into the parsed buffer). */
  data: Buffer;
}

export interface ParsedFlv {
  hasVideo: boolean;
  hasAudio: boolean;
  tags: FlvTag[];
}

export class FlvFormatError extends Error {}

/** Splits an FLV file into tags. Throws FlvFormatError on anything malformed or truncated. */
export function parseFlv(buf: Buffer): ParsedFlv {
  if (buf.length < 13 || buf.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV file');
  if (buf[3] !== 1) throw new FlvFormatError(`FLV version ${buf[3]} is not 1`);
  const flags = buf[4]!;
  const dataOffset = buf.readUInt32BE(5);
  if (dataOffset < 9 || dataOffset + 4 > buf.length) throw new FlvFormatError('bad FLV header size');
  const tags: FlvTag[] = [];
  let p = dataOffset + 4; // skip PreviousTagSize0
  while (p < buf.length) {
    if (p + 11 > buf.length) throw new FlvFormatError(`truncated tag header at byte ${p}`);
    const type = buf[p]! & 0x1f;
    const size = buf.readUIntBE(p + 1, 3);
    const timestamp = (buf.readUIntBE(p + 4, 3) | (buf[p + 7]! << 24)) >>> 0;
    const end = p + 11 + size;
    if (end + 4 > buf.length) throw new FlvFormatError(`truncated tag at byte ${p}`);
    const prev = buf.readUInt32BE(end);
    if (prev !== 11 + size) throw new FlvFormatError(`bad PreviousTagSize at byte ${end}`);
    tags.push({ type, timestamp, data: buf.subarray(p + 11, end) });
    p = end + 4;
  }
  return { hasVideo: (flags & 1) !== 0, hasAudio: (flags & 4) !== 0, tags };
}

export function isAvc(tag: FlvTag): boolean {
  return tag.type === TAG_VIDEO && tag.data.length >= 2 && (tag.data[0]! & 0x0f) === CODEC_AVC;
}
export function isAvcSequenceHeader(tag: FlvTag): boolean {
  return isAvc(tag) && tag.data[1] === 0;
}
export function isAvcFrame(tag: FlvTag): boolean {
  return isAvc(tag) && tag.data[1] === 1;
}
export function isKeyframe(tag: FlvTag): boolean {
  return tag.type === TAG_VIDEO && tag.data[0]! >> 4 === 1;
}

/** FLV file header and PreviousTagSize0. */
export function flvHeader(hasVideo: boolean, hasAudio: boolean): Buffer {
  const b = Buffer.alloc(13);
  b.write('FLV', 0, 'latin1');
  b[3] = 1;
  b[4] = (hasAudio ? 4 : 0) | (hasVideo ? 1 : 0);
  b.writeUInt32BE(9, 5);
  return b; // PreviousTagSize0 = 0 already
}

/** One tag with its trailing PreviousTagSize, at `timestamp` ms (wraps after 2^32 ms, ~49 days). */
export function encodeTag(type: number, timestamp: number, data: Buffer): Buffer {
  const b = Buffer.allocUnsafe(11 + data.length + 4);
  const ts = timestamp >>> 0;
  b[0] = type;
  b.writeUIntBE(data.length, 1, 3);
  b.writeUIntBE(ts & 0xffffff, 4, 3);
  b[7] = ts >>> 24;
  b.writeUIntBE(0, 8, 3);
  data.copy(b, 11);
  b.writeUInt32BE(11 + data.length, 11 + data.length);
  return b;
}

/** AMF0 `onMetaData` script body with number and boolean fields (no duration: the stream is live). */
export function metadataBody(fields: Record<string, number | boolean>): Buffer {
  const parts: Buffer[] = [];
  const str = (s: string) => {
    const b = Buffer.alloc(2 + Buffer.byteLength(s));
    b.writeUInt16BE(Buffer.byteLength(s));
    b.write(s, 2);
    return b;
  };
  parts.push(Buffer.from([0x02]), str('onMetaData'));
  const head = Buffer.alloc(5);
  head[0] = 0x08; // ECMA array
  head.writeUInt32BE(Object.keys(fields).length, 1);
  parts.push(head);
  for (const [k, v] of Object.entries(fields)) {
    parts.push(str(k));
    if (typeof v === 'boolean') parts.push(Buffer.from([0x01, v ? 1 : 0]));
    else {
      const n = Buffer.alloc(9);
      n[0] = 0x00;
      n.writeDoubleBE(v, 1);
      parts.push(n);
    }
  }
  parts.push(Buffer.from([0x00, 0x00, 0x09]));
  return Buffer.concat(parts);
}

/** A video-only FLV loop ready to be played as live: sequence header plus frames. */
export interface FlvLoop {
  width: number;
  height: number;
  fps: number;
  sequenceHeader: Buffer;
  /** Frame tags with timestamps relative to the first frame (0 … durationMs - frame). */
  frames: { timestamp: number; keyframe: boolean; data: Buffer }[];
  /** Indexes into `frames` of the key frames, ascending; frames[0] is always one. */
  keyframes: number[];
  durationMs: number;
}

/** Builds a loop from a parsed FLV (H.264 video; audio and script tags are dropped). */
export function flvLoop(parsed: ParsedFlv, size: { width: number; height: number }): FlvLoop {
  const seq = parsed.tags.find(isAvcSequenceHeader);
  if (!seq) throw new FlvFormatError('no AVC sequence header');
  const raw = parsed.tags.filter(isAvcFrame);
  const first = raw.findIndex(isKeyframe);
  if (first < 0) throw new FlvFormatError('no key frame');
  const vids = raw.slice(first);
  if (vids.length < 2) throw new FlvFormatError('need at least two frames');
  const t0 = vids[0]!.timestamp;
  const frames = vids.map((t) => ({ timestamp: t.timestamp - t0, keyframe: isKeyframe(t), data: t.data }));
  const span = frames[frames.length - 1]!.timestamp;
  const frameMs = span / (frames.length - 1);
  const keyframes: number[] = [];
  frames.forEach((f, i) => f.keyframe && keyframes.push(i));
  return {
    ...size,
    fps: Math.round(1000 / frameMs),
    sequenceHeader: seq.data,
    frames,
    keyframes,
    durationMs: Math.round(span + frameMs),
  };
}
