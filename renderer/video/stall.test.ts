import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff';
import { StallDetector } from './stall';

describe('StallDetector', () => {
  it('is playing while frames advance and stalled 3 s after the last one', () => {
    const d = new StallDetector(0, 3000, 12_000);
    expect(d.state(100)).toBe('waiting');
    d.frame(500);
    expect(d.state(600)).toBe('waiting'); // one frame is a still picture
    for (let t = 540; t <= 5000; t += 40) d.frame(t);
    expect(d.state(5000)).toBe('playing');
    expect(d.state(7970)).toBe('playing'); // last frame at 4980
    expect(d.state(7990)).toBe('stalled');
    d.frame(9000);
    expect(d.state(9001)).toBe('playing');
  });

  it('times out a stream that never shows a picture', () => {
    const d = new StallDetector(1000, 3000, 12_000);
    expect(d.state(12_999)).toBe('waiting');
    expect(d.state(13_001)).toBe('timeout');
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
