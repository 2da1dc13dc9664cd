import { describe, expect, it } from 'vitest';
import { linearFit, median, percentile, t975, wsHeaderBytes } from './stats';

describe('bench statistics', () => {
  it('interpolates percentiles between ranks, independent of input order', () => {
    const xs = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(median(xs)).toBe(5.5);
    expect(percentile(xs, 95)).toBeCloseTo(9.55, 10);
    expect(percentile([], 50)).toBeNaN();
    expect(xs[0]).toBe(10); // input not sorted in place
  });

  it('fits an exact line with a zero-width interval', () => {
    const xs = [0, 1, 2, 3, 4];
    const fit = linearFit(xs, xs.map((x) => 3 + 2 * x));
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(3, 12);
    expect(fit.ci95).toBeCloseTo(0, 12);
    expect(fit.includesZero).toBe(false);
  });

  it('gives the textbook slope interval and says flat noise includes zero', () => {
    // Residuals 1, -1, -1, 1, 0 around y = x: SSE 4, s.e. sqrt(4 / 3 / 10), t(3) = 3.182.
    const fit = linearFit([-2, -1, 0, 1, 2], [-1, -2, -1, 2, 2]);
    expect(fit.slope).toBeCloseTo(1, 10);
    expect(fit.ci95).toBeCloseTo(3.182 * Math.sqrt(4 / 3 / 10), 3);
    expect(fit.includesZero).toBe(true); // 1 ± 1.16: five noisy points cannot tell this slope from zero
    const flat = linearFit([0, 1, 2, 3, 4, 5], [5, 7, 5, 7, 5, 7]);
    expect(flat.includesZero).toBe(true);
    expect(t975(2)).toBeCloseTo(4.303, 3);
    expect(t975(1000)).toBeCloseTo(1.96, 2);
  });

  it('sizes WebSocket frame headers at the 125 / 65535 byte boundaries', () => {
    expect(wsHeaderBytes(125)).toBe(2);
    expect(wsHeaderBytes(126)).toBe(4);
    expect(wsHeaderBytes(65535)).toBe(4);
    expect(wsHeaderBytes(65536)).toBe(10);
  });
});
