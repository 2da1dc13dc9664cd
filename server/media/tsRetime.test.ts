import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEGMENT_MS, loopSegment } from './hls';
import { TS_HZ, TS_WRAP, readPcrBase, readTimestamp, retimeSegment, segmentOffset } from './tsRetime';

const loop = (k: number) => readFileSync(`assets/video/loop1/sub/${String(k).padStart(2, '0')}.ts`);

/** Every PTS (in stream order) and PCR of a segment, read packet by packet. */
function timestamps(ts: Uint8Array): { pts: number[]; pcr: number[] } {
  const pts: number[] = [];
  const pcr: number[] = [];
  for (let p = 0; p + 188 <= ts.length; p += 188) {
    const afc = (ts[p + 3]! >> 4) & 3;
    let pl = p + 4;
    if (afc & 2) {
      if (ts[p + 4]! >= 7 && ts[p + 5]! & 0x10) pcr.push(readPcrBase(ts, p + 6));
      pl = p + 5 + ts[p + 4]!;
    }
    if (afc & 1 && ts[p + 1]! & 0x40 && ts[pl] === 0 && ts[pl + 1] === 0 && ts[pl + 2] === 1 && ts[pl + 3]! >= 0xe0 && ts[pl + 7]! & 0x80) pts.push(readTimestamp(ts, pl + 9));
  }
  return { pts, pcr };
}

/** The segments a client reads for media sequence numbers `msns`, as the server serves them. */
function served(msns: number[], phase = 0): Buffer[] {
  return msns.map((msn) => {
    const k = loopSegment(msn, phase, 10);
    return retimeSegment(loop(k), segmentOffset(msn, k, SEGMENT_MS));
  });
}

describe('retimeSegment', () => {
  it('moves every PTS and PCR by the offset and leaves the cached segment untouched', () => {
    const original = loop(3);
    const copy = Buffer.from(original);
    const before = timestamps(original);
    const after = timestamps(retimeSegment(original, 5 * TS_HZ));
    expect(original.equals(copy)).toBe(true);
    expect(before.pts.length).toBe(25);
    expect(after.pts).toEqual(before.pts.map((t) => t + 5 * TS_HZ));
    expect(after.pcr.length).toBeGreaterThan(0);
    expect(after.pcr).toEqual(before.pcr.map((t) => t + 5 * TS_HZ));
  });

  it('plays the loop as one timeline: consecutive sequence numbers follow on, across the wrap, at second msn', () => {
    // Epoch-second sequence numbers around a wrap of the ten-segment loop (msn 1_790_000_010 → loop 0).
    const msns = [1_790_000_007, 1_790_000_008, 1_790_000_009, 1_790_000_010, 1_790_000_011, 1_790_000_012];
    const pts = served(msns).flatMap((s) => timestamps(s).pts);
    expect(pts).toHaveLength(6 * 25);
    for (let i = 1; i < pts.length; i++) expect((pts[i]! - pts[i - 1]! + TS_WRAP) % TS_WRAP, `frame ${i}`).toBe(TS_HZ / 25);
    // Segment msn starts at second msn (mod 2^33), plus the encode's own start (1.4 s).
    expect(pts[0]).toBe((msns[0]! * TS_HZ + 1.4 * TS_HZ) % TS_WRAP);
  });

  it('wraps at 2^33 like a 26.5-hour camera clock, without a step backwards', () => {
    // The eighth time second × 90 000 crosses a multiple of 2^33.
    const wrapMsn = Math.ceil((8 * TS_WRAP) / TS_HZ);
    const pts = served([wrapMsn - 3, wrapMsn - 2, wrapMsn - 1, wrapMsn, wrapMsn + 1]).flatMap((s) => timestamps(s).pts);
    for (let i = 1; i < pts.length; i++) expect((pts[i]! - pts[i - 1]! + TS_WRAP) % TS_WRAP).toBe(TS_HZ / 25);
    expect(pts.every((t) => t >= 0 && t < TS_WRAP)).toBe(true);
    // It did wrap inside this run: high values first, then values just above zero.
    expect(pts[0]).toBeGreaterThan(TS_WRAP - 5 * TS_HZ);
    expect(pts.at(-1)).toBeLessThan(5 * TS_HZ);
  });

  const ffprobe = spawnSync('ffprobe', ['-version']).status === 0;
  it('ffprobe reads the served segments, concatenated across a wrap, as one stream at 25 fps', () => {
    if (!ffprobe) {
      console.info('ffprobe not installed (apt-get install ffmpeg): the independent decode check was not run');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'qujing-ts-'));
    try {
      const file = join(dir, 'run.ts');
      writeFileSync(file, Buffer.concat(served([1_790_000_008, 1_790_000_009, 1_790_000_010, 1_790_000_011], 0)));
      const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts', '-of', 'csv=p=0', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      // One line per packet (side data, if any, on lines of its own).
      const pts = r.stdout.split('\n').filter((l) => /^\d+,?$/.test(l.trim())).map((l) => parseInt(l, 10));
      expect(pts).toHaveLength(100);
      for (let i = 1; i < pts.length; i++) expect(pts[i]! - pts[i - 1]!).toBe(3600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
