import { describe, expect, it } from 'vitest';
import type { Camera } from '../../shared/protocol';
import { World } from './world';

describe('the world wakes what draws it', () => {
  it('calls every sleeping loop when something arrives, until it stops listening', () => {
    const world = new World();
    let wakes = 0;
    const stop = world.onDirty(() => wakes++);
    world.patch('cameras', [{ id: 'C1' } as Camera], []);
    expect(wakes).toBe(1);
    expect(world.dirty).toBe(true);
    // An empty delta changes nothing and wakes nothing.
    world.patch('cameras', [], []);
    expect(wakes).toBe(1);
    world.replace('cameras', []);
    world.markDirty();
    expect(wakes).toBe(3);
    stop();
    world.markDirty();
    expect(wakes).toBe(3);
  });
});
