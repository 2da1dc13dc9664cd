import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restart-policy';

describe('RestartPolicy', () => {
  it('backs off exponentially from 0.5 s up to 30 s', () => {
    const p = new RestartPolicy();
    const delays: number[] = [];
    // One exit every 40 s: never a crash loop, never healthy for 60 s.
    for (let i = 0; i < 10; i++) {
      p.started(i * 40_000);
      delays.push(p.exited(i * 40_000 + 1000).delayMs);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after 60 s of healthy running', () => {
    const p = new RestartPolicy();
    p.exited(0);
    p.exited(1000);
    expect(p.exited(2000).delayMs).toBe(2000);
    p.started(10_000);
    expect(p.exited(70_000).delayMs).toBe(500);
  });

  it('does not reset when the run was shorter than 60 s', () => {
    const p = new RestartPolicy();
    p.exited(0);
    p.started(1000);
    expect(p.exited(59_000).delayMs).toBe(1000);
  });

  it('does not count a run that never started as healthy', () => {
    const p = new RestartPolicy();
    p.exited(0);
    expect(p.exited(120_000).delayMs).toBe(1000);
  });

  it('reports a crash loop at more than 5 exits within 60 s', () => {
    const p = new RestartPolicy();
    const loops = [0, 5000, 10_000, 15_000, 20_000, 25_000].map((t) => p.exited(t));
    expect(loops.map((d) => d.crashLoop)).toEqual([false, false, false, false, false, true]);
    expect(loops[5]?.recentExits).toBe(6);
  });

  it('forgets exits older than the window', () => {
    const p = new RestartPolicy();
    for (const t of [0, 1000, 2000, 3000, 4000]) p.exited(t);
    const d = p.exited(65_000);
    expect(d.crashLoop).toBe(false);
    expect(d.recentExits).toBe(1);
  });
});
