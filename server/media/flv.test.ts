import { describe, expect, it } from 'vitest';
import { TAG_SCRIPT, TAG_VIDEO, encodeTag, flvHeader, flvLoop, parseFlv, isKeyframe, FlvFormatError, type FlvLoop } from './flv';
import { FlvLiveCursor, LEAD_MS } from './flv-live';

/** A synthetic AVC stream: sequence header, then `n` frames 40 ms apart, key frame every `gop`. */
function syntheticFlv(n: number, gop: number, t0 = 0): Buffer {
  const parts = [flvHeader(true, false), encodeTag(TAG_SCRIPT, 0, Buffer.from([2, 0, 0]))];
  parts.push(encodeTag(TAG_VIDEO, 0, Buffer.from([0x17, 0, 0, 0, 0, 1, 2, 3])));
  for (let i = 0; i < n; i++) {
    const key = i % gop === 0;
    parts.push(encodeTag(TAG_VIDEO, t0 + i * 40, Buffer.from([key ? 0x17 : 0x27, 1, 0, 0, 0, i & 0xff, 9, 9])));
  }
  return Buffer.concat(parts);
}

const size = { width: 640, height: 360 };

function loopOf(n = 50, gop = 25): FlvLoop {
  return flvLoop(parseFlv(syntheticFlv(n, gop)), size);
}

describe('parseFlv', () => {
  it('reads every tag with its timestamp, type and body', () => {
    const p = parseFlv(syntheticFlv(3, 2, 1000));
    expect(p.hasVideo).toBe(true);
    expect(p.hasAudio).toBe(false);
    expect(p.tags.map((t) => [t.type, t.timestamp])).toEqual([
      [TAG_SCRIPT, 0],
      [TAG_VIDEO, 0],
      [TAG_VIDEO, 1000],
      [TAG_VIDEO, 1040],
      [TAG_VIDEO, 1080],
    ]);
    expect(p.tags.filter(isKeyframe).map((t) => t.timestamp)).toEqual([0, 1000, 1080]);
  });

  it('round-trips timestamps above 24 bits through the extension byte', () => {
    const buf = Buffer.concat([flvHeader(true, false), encodeTag(TAG_VIDEO, 0x12345678, Buffer.from([0x17, 1]))]);
    expect(parseFlv(buf).tags[0]!.timestamp).toBe(0x12345678);
  });

  it('refuses truncated or foreign input', () => {
    const good = syntheticFlv(3, 2);
    expect(() => parseFlv(good.subarray(0, good.length - 3))).toThrow(FlvFormatError);
    expect(() => parseFlv(Buffer.from('GIF89a........'))).toThrow(FlvFormatError);
    const badPrev = Buffer.from(good);
    badPrev.writeUInt32BE(1, badPrev.length - 4);
    expect(() => parseFlv(badPrev)).toThrow(/PreviousTagSize/);
  });
});

describe('flvLoop', () => {
  it('keeps frames from the first key frame, rebased to 0, and knows the loop length', () => {
    const loop = loopOf(50, 25);
    expect(loop.frames).toHaveLength(50);
    expect(loop.frames[0]!.timestamp).toBe(0);
    expect(loop.keyframes).toEqual([0, 25]);
    expect(loop.durationMs).toBe(2000);
    expect(loop.fps).toBe(25);
  });
});

function timestamps(tags: Buffer[]): number[] {
  return parseFlv(Buffer.concat([flvHeader(true, false), ...tags])).tags.map((t) => t.timestamp);
}

describe('FlvLiveCursor', () => {
  it('starts with header, metadata and sequence header, then a key frame at timestamp 0', () => {
    const c = new FlvLiveCursor(loopOf(), 1300); // 1.3 s in: the key frame at 1.0 s
    const pre = parseFlv(c.preamble());
    expect(pre.tags.map((t) => t.type)).toEqual([TAG_SCRIPT, TAG_VIDEO]);
    expect(pre.tags[1]!.data[1]).toBe(0); // AVC sequence header
    const first = c.due(0);
    const tags = parseFlv(Buffer.concat([flvHeader(true, false), ...first])).tags;
    expect(tags[0]!.timestamp).toBe(0);
    expect(isKeyframe(tags[0]!)).toBe(true);
    expect(tags[0]!.data[5]).toBe(25); // frame 25 of the loop
  });

  it('releases frames at real-time pace, with continuous timestamps across loop wraps', () => {
    const c = new FlvLiveCursor(loopOf(), 0);
    const all: number[] = [];
    for (let t = 0; t <= 5000; t += 100) {
      const ts = timestamps(c.due(t));
      for (const x of ts) expect(x).toBeLessThanOrEqual(t + LEAD_MS);
      all.push(...ts);
    }
    // 5.3 s of 25 fps: every 40 ms slot exactly once, through two wraps of the 2 s loop.
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i * 40));
    expect(all[all.length - 1]).toBeGreaterThanOrEqual(5000 + LEAD_MS - 40);
  });

  it('after a backlog skips to the next key frame at or after now, keeping real time', () => {
    const c = new FlvLiveCursor(loopOf(), 0);
    c.due(0);
    c.skipToLive(2500);
    const ts = timestamps(c.due(3000));
    expect(ts[0]).toBe(3000); // the key frame of the next lap's second GOP
    expect(c.skipped).toBeGreaterThan(0);
    const tags = parseFlv(Buffer.concat([flvHeader(true, false), ...c.due(3000)]));
    expect(tags.tags).toHaveLength(0);
  });
});
