import { describe, expect, it } from 'vitest';
import type { WallCommandState, WallState } from '../../../shared/protocol';
import { commandState, pendingCount, splitTarget, useWallTarget } from './wallTarget';

const cmd = (commandId: string, state: WallCommandState['state']): WallCommandState => ({
  commandId,
  type: 'wall.push',
  monitor: 'A1',
  target: { kind: 'view', view: 'map' },
  scene: null,
  state,
  issuedAt: 1,
  issuedBy: null,
  appliedAt: null,
  message: null,
});

describe('console wall target', () => {
  it('splits "wall/monitor" and refuses anything else', () => {
    expect(splitTarget('wall-1/B2')).toEqual({ wallId: 'wall-1', monitor: 'B2' });
    expect(splitTarget(null)).toBeNull();
    expect(splitTarget('no-monitor')).toBeNull();
  });

  it('counts what the walls have not confirmed and finds a command by id', () => {
    const walls = new Map<string, WallState>([
      ['wall-1', { id: 'wall-1', scene: '日常', updatedAt: 0, updatedBy: null, commands: [cmd('a', 'pending'), cmd('b', 'applied'), cmd('c', 'superseded')] }],
      ['wall-2', { id: 'wall-2', scene: '日常', updatedAt: 0, updatedBy: null, commands: [cmd('d', 'pending')] }],
    ]);
    expect(pendingCount(walls.values())).toBe(2);
    expect(commandState(walls, 'wall-1', 'b')?.state).toBe('applied');
    expect(commandState(walls, 'wall-2', 'b')).toBeNull();
  });

  it('remembers each pushed id once, newest last', () => {
    const s = useWallTarget.getState();
    s.record('x', 'wall-1', 'incident inc-1');
    s.record('y', 'wall-1', 'camera cam-1');
    s.record('x', 'wall-1', 'incident inc-1');
    expect(useWallTarget.getState().sent.map((e) => e.commandId)).toEqual(['y', 'x']);
  });
});
