import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff';
import { LivenessJudge } from './stall';

/** Frames at 25 fps from wall `from` to `to`, media time starting at `media0` seconds. */
function play(j: LivenessJudge, from: number, to: number, media0: number, withFrontier = true): number {
  let m = media0;
  for (let t = from; t <= to; t += 40, m += 0.04) {
    j.frame(t, m);
    if (withFrontier) j.frontier(t, m + 0.5);
  }
  return m;
}

describe('LivenessJudge', () => {
  it('is playing while media time keeps pace with wall time, stalled soon after it stops', () => {
    const j = new LivenessJudge(0);
    expect(j.state(100)).toBe('waiting');
    play(j, 500, 1500, 0);
    expect(j.state(1500)).toBe('waiting'); // a second of pictures is not yet proof
    play(j, 1540, 5000, 1.04);
    expect(j.state(5000)).toBe('playing');
    // Last frame at 5000: the window drains, then the rest of the 3 s threshold.
    expect(j.state(5500)).toBe('playing');
    const stalledAt = [5600, 6000, 6500, 7000, 7500, 8000].find((t) => j.state(t) === 'stalled');
    expect(stalledAt).toBeDefined();
    expect(stalledAt! - 5000).toBeLessThanOrEqual(3000);
  });

  it('a cached GOP decoded at once then nothing never counts as live, and is stalled within 3 s', () => {
    const j = new LivenessJudge(0);
    // Two seconds of old frames, decoded within 100 ms of connecting.
    for (let i = 0; i < 50; i++) j.frame(200 + i * 2, 10 + i * 0.04);
    j.frontier(300, 12.1);
    const seen = [];
    for (let t = 300; t <= 3400; t += 100) seen.push(j.state(t));
    expect(seen).not.toContain('playing');
    expect(j.state(3400)).toBe('stalled');
    expect(j.provenLive).toBe(false);
  });

  it('a cached GOP played out at normal speed is not live: the received frontier does not move', () => {
    const j = new LivenessJudge(0);
    j.frontier(100, 14); // 4 s of cached GOP arrive at once
    let m = 10;
    const seen: string[] = [];
    for (let t = 200; t <= 4200; t += 40, m += 0.04) {
      j.frame(t, m);
      j.frontier(t, 14);
      if (t % 200 === 0) seen.push(j.state(t));
    }
    expect(seen).not.toContain('playing');
    expect(j.state(4200 + 3001)).toBe('stalled');
  });

  it('HLS: a frontier growing by whole one-second segments is live', () => {
    const j = new LivenessJudge(0);
    let m = 0;
    const seen: string[] = [];
    for (let t = 0; t <= 10_000; t += 40, m += 0.04) {
      j.frame(t, m);
      j.frontier(t, 3 + Math.floor(t / 1000)); // three segments at start, then one a second
      if (t > 5000 && t % 200 === 0) seen.push(j.state(t));
    }
    expect(new Set(seen)).toEqual(new Set(['playing']));
  });

  it('a picture frozen while bytes arrive is not live', () => {
    const j = new LivenessJudge(0);
    play(j, 0, 3000, 0);
    expect(j.state(3000)).toBe('playing');
    for (let t = 3040; t <= 7000; t += 40) j.frontier(t, 3.5 + (t - 3000) / 1000);
    expect(j.state(7000)).toBe('stalled');
  });

  it('once live, a machine decoding at half speed stays live; one that stops does not', () => {
    const j = new LivenessJudge(0);
    let m = play(j, 0, 3000, 0);
    expect(j.state(3000)).toBe('playing');
    // Every other frame dropped and the clock at half pace: still a live picture.
    for (let t = 3080; t <= 8000; t += 80, m += 0.04) {
      j.frame(t, m);
      j.frontier(t, m + 1);
      expect(j.state(t)).toBe('playing');
    }
    expect(j.state(10_500)).toBe('stalled');
  });

  it('a new connection at half speed is not proven live', () => {
    const j = new LivenessJudge(0);
    let m = 0;
    for (let t = 0; t <= 8000; t += 80, m += 0.04) {
      j.frame(t, m);
      j.frontier(t, m + 1);
      expect(j.state(t)).not.toBe('playing');
    }
  });

  it('still images (MJPEG) are live while new ones come, stalled 3 s after the last', () => {
    const j = new LivenessJudge(0, { stillImages: true });
    j.frame(500);
    expect(j.state(600)).toBe('waiting');
    for (let t = 1000; t <= 5000; t += 500) j.frame(t);
    expect(j.state(5000)).toBe('playing');
    expect(j.state(7990)).toBe('playing');
    expect(j.state(8010)).toBe('stalled');
  });

  it('times out a stream that never shows a picture', () => {
    const j = new LivenessJudge(1000);
    expect(j.state(12_999)).toBe('waiting');
    expect(j.state(13_001)).toBe('timeout');
  });
});

describe('backoffMs', () => {
  it('doubles from 1 s to a 30 s cap, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffMs(a, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffMs(0, () => 0)).toBe(800);
    expect(backoffMs(0, () => 0.999)).toBeGreaterThan(1190);
    expect(backoffMs(10, () => 0.999)).toBe(30000);
  });
});
