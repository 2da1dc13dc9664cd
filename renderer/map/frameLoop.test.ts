import { describe, expect, it } from 'vitest';
import { createFrameLoop, runFrameLoop, sameLayers, SLOW_DRAW_MS } from './frameLoop';

/** A stand-in for MapLayerBuilder recording what the loop asked of it. */
function fakeBuilder() {
  const b = {
    animating: false,
    glidingUntil: -1,
    builds: [] as { now: number; glide: boolean }[],
    redraws: [] as number[],
    glideFrameDue: (now: number) => now < b.glidingUntil,
    redrawGlide: (now: number) => void b.redraws.push(now),
    build: (inp: { now: number; glide: boolean }) => {
      b.builds.push(inp);
      return ['layers', inp.now];
    },
  };
  return b;
}

function setup() {
  const builder = fakeBuilder();
  const state = { key: 'a', zoom: 11, clock: 0 };
  const handed: unknown[] = [];
  const draws: number[] = [];
  const loop = createFrameLoop({
    builder,
    key: () => state.key,
    zoom: () => state.zoom,
    input: (now, glide) => ({ now, glide }),
    setLayers: (out) => void handed.push(out),
    redraw: () => void draws.push(state.clock),
    now: () => state.clock,
  });
  return { builder, state, handed, draws, loop };
}

describe('map frame loop', () => {
  it('builds on the first frame and then only when the key or the zoom band changes', () => {
    const { builder, state, loop, handed } = setup();
    loop.frame(0);
    loop.frame(16);
    loop.frame(33);
    expect(builder.builds).toHaveLength(1);
    state.key = 'b';
    loop.frame(50);
    expect(builder.builds).toHaveLength(2);
    state.zoom = 11.2; // same half level: nothing to rebuild
    loop.frame(66);
    expect(builder.builds).toHaveLength(2);
    state.zoom = 11.6;
    loop.frame(83);
    expect(builder.builds).toHaveLength(3);
    expect(handed).toHaveLength(3);
  });

  it('redraws gliding units without rebuilding while a fast renderer animates', () => {
    const { builder, state, loop, draws } = setup();
    loop.frame(0);
    builder.glidingUntil = 1000;
    for (let t = 16; t < 200; t += 16) {
      state.clock = t;
      loop.frame(t);
    }
    expect(builder.builds).toHaveLength(1);
    expect(builder.redraws.length).toBeGreaterThan(10);
    // Each glide frame is drawn in the same frame (deck.gl's own loop sleeps).
    expect(draws).toEqual(builder.redraws);
    expect(builder.builds[0]!.glide).toBe(true);
    expect(loop.slow).toBe(false);
  });

  it('on a slow renderer spaces animation frames out, stops gliding new batches, and draws a new batch at the very next frame', () => {
    const { builder, state, loop } = setup();
    builder.glidingUntil = 1e9;
    // Every drawn frame delays the next one by 200 ms (software GL).
    let t = 0;
    for (let i = 0; i < 30; i++) {
      state.clock = t;
      const drew = builder.builds.length + builder.redraws.length;
      loop.frame(t);
      t += builder.builds.length + builder.redraws.length > drew ? 200 : 16;
    }
    expect(loop.slow).toBe(true);
    expect(loop.drawCostMs).toBeGreaterThan(SLOW_DRAW_MS);
    // Animation spaced to about a quarter of the time, not every frame.
    expect(builder.redraws.length).toBeLessThan(10);
    // A batch arrives: built at once, whatever the spacing, and told not to glide.
    state.key = 'batch';
    const before = builder.builds.length;
    loop.frame(t);
    expect(builder.builds.length).toBe(before + 1);
    expect(builder.builds.at(-1)!.glide).toBe(false);
  });

  it('returns to gliding when draws are fast again', () => {
    const { builder, state, loop } = setup();
    let t = 0;
    for (let i = 0; i < 10; i++) {
      state.key = `k${i}`;
      loop.frame(t);
      t += 300;
    }
    expect(loop.slow).toBe(true);
    for (let i = 10; i < 60; i++) {
      state.key = `k${i}`;
      loop.frame(t);
      t += 16;
    }
    expect(loop.slow).toBe(false);
    expect(builder.builds.at(-1)!.glide).toBe(true);
  });

  it('draws nothing while idle, and says it needs no further frame', () => {
    const { builder, loop } = setup();
    expect(loop.frame(0)).toBe(true); // drew: the next frame measures what that cost
    expect(loop.frame(16)).toBe(false);
    for (let t = 33; t < 2000; t += 16) expect(loop.frame(t)).toBe(false);
    expect(builder.builds).toHaveLength(1);
    expect(builder.redraws).toHaveLength(0);
    expect(loop.counts).toEqual({ builds: 1, animationFrames: 0 });
  });

  it('asks for frames while units glide, and for none once they have landed', () => {
    const { builder, state, loop } = setup();
    loop.frame(0);
    builder.glidingUntil = 100;
    const wants: boolean[] = [];
    for (let t = 16; t < 300; t += 16) {
      state.clock = t;
      wants.push(loop.frame(t));
    }
    expect(wants.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(wants.at(-1)).toBe(false);
  });

  it('runs on the given frame scheduler, sleeps when idle, wakes on demand and stops', () => {
    const { builder, state, loop } = setup();
    const queue: ((t: number) => void)[] = [];
    let cancelled = -1;
    let ids = 0;
    const runner = runFrameLoop(
      loop,
      (cb) => {
        queue.push(cb);
        return ++ids;
      },
      (id) => void (cancelled = id),
    );
    queue.shift()!(0);
    expect(builder.builds).toHaveLength(1);
    // It drew: one more frame to measure the draw, then it sleeps.
    expect(queue).toHaveLength(1);
    queue.shift()!(16);
    expect(queue).toHaveLength(0);
    // New data wakes it; waking twice before the frame asks for one frame only.
    state.key = 'b';
    runner.wake();
    runner.wake();
    expect(queue).toHaveLength(1);
    queue.shift()!(500);
    expect(builder.builds).toHaveLength(2);
    expect(queue).toHaveLength(1);
    runner.stop();
    expect(cancelled).toBe(ids);
    runner.wake();
    expect(queue).toHaveLength(1);
  });

  it('compares layer lists by instance', () => {
    const a = {};
    const b = {};
    expect(sameLayers([a, b], [a, b])).toBe(true);
    expect(sameLayers([a, b], [b, a])).toBe(false);
    expect(sameLayers([a], [a, b])).toBe(false);
  });
});
