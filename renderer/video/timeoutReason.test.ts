import { describe, expect, it } from 'vitest';
import { timeoutReason } from './session';
import { LivenessJudge } from './stall';

describe('why a connection never proved live', () => {
  it('says "no picture" when nothing was decoded', () => {
    const j = new LivenessJudge(0);
    expect(timeoutReason(j, 12_500)).toBe('no picture');
  });

  it('gives the pace when pictures came but never kept up with real time', () => {
    const j = new LivenessJudge(0);
    // Pictures at a quarter of real time: 100 ms of media every 400 ms of wall time.
    for (let t = 0, m = 0; t <= 12_400; t += 400, m += 0.1) {
      j.frame(t, m);
      j.frontier(t, m + 0.1);
    }
    expect(j.state(12_400)).toBe('timeout');
    expect(timeoutReason(j, 12_400)).toBe('picture too slow to be live (25 % of real time)');
  });
});
