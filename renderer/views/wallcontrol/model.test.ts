import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WallCommandState, WallState } from '../../../shared/protocol';
import { parseWallProfile } from '../../../shared/wall';
import { buildWallModels } from './model';

const r = parseWallProfile(readFileSync(join(__dirname, '../../../assets/walls/hall-2x2.yaml'), 'utf8'));
if (!r.ok) throw new Error(r.errors.join());
const profile = r.profile;
const push = (o: Partial<WallCommandState>): WallCommandState => ({ commandId: 'c', type: 'wall.push', monitor: 'A1', target: { kind: 'camera', cameraId: 'cam-9' }, scene: null, state: 'pending', issuedAt: 1, issuedBy: 'console-1', appliedAt: null, message: null, ...o });

describe('wall miniature model', () => {
  it('lays the monitors out as in the profile with what the current scene shows', () => {
    const [w] = buildWallModels(profile, [{ id: 'wall-1', scene: '防汛应急', updatedAt: 0, updatedBy: null, online: true }]);
    expect(w).toMatchObject({ id: 'wall-1', rows: 2, columns: 2, scene: '防汛应急', online: true });
    expect(w!.cells.find((c) => c.id === 'A1')).toMatchObject({ row: 0, column: 0, shows: 'map z12', spanned: true });
    expect(w!.cells.find((c) => c.id === 'B1')).toMatchObject({ shows: 'drainage', spanned: false });
  });

  it('shows the latest push per monitor: pending until applied, then what it shows', () => {
    const state: WallState = { id: 'wall-1', scene: '日常', updatedAt: 0, updatedBy: null, commands: [push({ commandId: 'a', state: 'superseded' }), push({ commandId: 'b' })] };
    let a1 = buildWallModels(profile, [state])[0]!.cells.find((c) => c.id === 'A1')!;
    expect(a1.last?.commandId).toBe('b');
    expect(a1.shows).toBe('map z11');
    state.commands = [push({ commandId: 'b', state: 'applied' })];
    a1 = buildWallModels(profile, [state])[0]!.cells.find((c) => c.id === 'A1')!;
    expect(a1.shows).toBe('camera cam-9');
  });

  it('lists walls the server knows that the profile does not', () => {
    const models = buildWallModels(profile, [{ id: 'wall-x', scene: '', updatedAt: 0, updatedBy: null, commands: [push({ monitor: 'M2' })] }]);
    expect(models.map((m) => [m.id, m.inProfile])).toEqual([['wall-1', true], ['wall-x', false]]);
    expect(models[1]!.cells.map((c) => c.id)).toEqual(['M2']);
  });
});
