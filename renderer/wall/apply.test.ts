import { describe, expect, it } from 'vitest';
import type { Incident, WallCommandState, WallState } from '../../shared/protocol';
import { AppliedIds, commandsForWindow, settingsForPush, unconfirmed } from './apply';

const cmd = (o: Partial<WallCommandState>): WallCommandState => ({
  commandId: 'c', type: 'wall.push', monitor: 'A1', target: { kind: 'view', view: 'map' }, scene: null, state: 'pending', issuedAt: 1, issuedBy: null, appliedAt: null, message: null, ...o,
});
const wall = (commands: WallCommandState[]): WallState => ({ id: 'wall-1', scene: '日常', updatedAt: 0, updatedBy: null, commands });

describe('wall window: which commands are mine', () => {
  it('takes pending pushes to its own monitor and scenes of its wall, oldest first', () => {
    const w = wall([
      cmd({ commandId: 'b', issuedAt: 3 }),
      cmd({ commandId: 'a', issuedAt: 2 }),
      cmd({ commandId: 'other-monitor', monitor: 'A2' }),
      cmd({ commandId: 'done', state: 'applied' }),
      cmd({ commandId: 'old', state: 'superseded' }),
      cmd({ commandId: 'scene', type: 'wall.scene', monitor: null, target: null, scene: '防汛应急', issuedAt: 4 }),
    ]);
    expect(commandsForWindow(w, { wallId: 'wall-1', monitor: 'A1' }, new Set()).map((c) => c.commandId)).toEqual(['a', 'b', 'scene']);
    expect(commandsForWindow(w, { wallId: 'wall-2', monitor: 'A1' }, new Set())).toEqual([]);
    expect(commandsForWindow(w, { wallId: 'wall-1', monitor: 'A1' }, new Set(['a'])).map((c) => c.commandId)).toEqual(['b', 'scene']);
  });

  it('finds applied commands the server still shows pending (to confirm again, not apply again)', () => {
    expect(unconfirmed(wall([cmd({ commandId: 'x' }), cmd({ commandId: 'y' })]), new Set(['y']))).toEqual(['y']);
  });
});

describe('wall window: what a push changes', () => {
  const incidents = new Map([['inc-1', { id: 'inc-1', lon: 103.8, lat: 25.5 } as Incident]]);
  it('camera → one-tile camera view of that camera', () => {
    expect(settingsForPush(cmd({ target: { kind: 'camera', cameraId: 'cam-7' } }), incidents)).toMatchObject({ ok: true, change: { view: 'cameras', cameras: ['cam-7'], layout: '1' } });
  });
  it('viewport → map at that centre and zoom', () => {
    expect(settingsForPush(cmd({ target: { kind: 'viewport', center: [103.7, 25.4], zoom: 13 } }), incidents)).toMatchObject({ ok: true, change: { view: 'map', center: [103.7, 25.4], zoom: 13 } });
  });
  it('incident → map centred on it, or a failure the console will see', () => {
    expect(settingsForPush(cmd({ target: { kind: 'incident', incidentId: 'inc-1' } }), incidents)).toMatchObject({ ok: true, change: { center: [103.8, 25.5], zoom: 15 } });
    expect(settingsForPush(cmd({ target: { kind: 'incident', incidentId: 'inc-9' } }), incidents)).toMatchObject({ ok: false, message: expect.stringContaining('inc-9') });
  });
  it('view → that view', () => {
    expect(settingsForPush(cmd({ target: { kind: 'view', view: 'drainage' } }), incidents)).toMatchObject({ ok: true, change: { view: 'drainage' } });
  });
});

describe('applied ids', () => {
  it('survive a reload through storage and stay bounded', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    const a = new AppliedIds(storage, 'k', 3);
    for (const id of ['1', '2', '3', '4', '4']) a.add(id);
    expect([...new AppliedIds(storage, 'k', 3).set]).toEqual(['2', '3', '4']);
    mem.set('k', 'garbage');
    expect(new AppliedIds(storage, 'k').set.size).toBe(0);
  });
});
