import { describe, expect, it } from 'vitest';
import { livePlaylist, loopSegment, segmentInWindow, WINDOW_SEGMENTS } from './hls';

function parse(m3u8: string) {
  const lines = m3u8.trim().split('\n');
  const tag = (name: string) => Number(lines.find((l) => l.startsWith(`${name}:`))!.split(':')[1]);
  const segments: { uri: string; discontinuity: boolean }[] = [];
  let disc = false;
  for (const l of lines) {
    if (l === '#EXT-X-DISCONTINUITY') disc = true;
    else if (!l.startsWith('#')) {
      segments.push({ uri: l, discontinuity: disc });
      disc = false;
    }
  }
  return { lines, seq: tag('#EXT-X-MEDIA-SEQUENCE'), target: tag('#EXT-X-TARGETDURATION'), segments };
}

const input = (nowMs: number) => ({ nowMs, uri: (msn: number) => `sub/${msn}.ts` });

describe('livePlaylist', () => {
  it('is a live window of one-second segments ending at the current second', () => {
    const p = parse(livePlaylist(input(1_000_500)));
    expect(p.lines[0]).toBe('#EXTM3U');
    expect(p.lines).not.toContain('#EXT-X-ENDLIST');
    expect(p.target).toBe(1);
    expect(p.segments).toHaveLength(WINDOW_SEGMENTS);
    expect(p.seq).toBe(1000 - WINDOW_SEGMENTS + 1);
    expect(p.segments.map((s) => s.uri)).toEqual([995, 996, 997, 998, 999, 1000].map((n) => `sub/${n}.ts`));
  });

  it('advances its media sequence by one per second of wall time', () => {
    const a = parse(livePlaylist(input(50_000)));
    const b = parse(livePlaylist(input(53_000)));
    expect(b.seq - a.seq).toBe(3);
    expect(parse(livePlaylist(input(53_999))).seq).toBe(b.seq);
  });

  it('announces no discontinuity: segments carry one continuous timeline (tsRetime.ts)', () => {
    // Window 995..1000 with phase 0 holds the loop's wrap at 1000.
    const p = parse(livePlaylist(input(1_000_000)));
    expect(p.segments.every((s) => !s.discontinuity)).toBe(true);
    expect(p.lines.some((l) => l.startsWith('#EXT-X-DISCONTINUITY'))).toBe(false);
  });

  it('shifts the loop by the camera phase', () => {
    // 997 + 3 = 1000 → loop segment 0.
    expect(loopSegment(997, 3, 10)).toBe(0);
    expect(loopSegment(-1, 0, 10)).toBe(9);
  });
});

describe('segmentInWindow', () => {
  it('serves segments near the live edge only', () => {
    expect(segmentInWindow(1000, 1_000_000)).toBe(true);
    expect(segmentInWindow(990, 1_000_000)).toBe(true);
    expect(segmentInWindow(900, 1_000_000)).toBe(false);
    expect(segmentInWindow(1100, 1_000_000)).toBe(false);
  });
});
