import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../shared/protocol';
import { layout } from '../../video/layouts';
import { assignCells, cameraPool } from './selection';

const cam = (id: string, online = true): Camera =>
  ({ id, name: id, district: '530302', position: [103.8, 25.5], online, streams: [{ protocol: 'hls', quality: 'sub', url: `http://x/${id}.m3u8` }] }) as unknown as Camera;

describe('assignCells with the newest camera versions', () => {
  const cams = ['c0', 'c1', 'c2', 'c3'].map((id) => cam(id));
  const pool = cameraPool(cams, { ids: null, district: null });

  it('hands a cell the camera as it is now, so a tile sees it go offline and come back', () => {
    // A delta replaced c1 in the table; the pool (kept across renders) still holds the old object.
    const latest = new Map(cams.map((c) => [c.id, c]));
    latest.set('c1', cam('c1', false));
    const cells = assignCells(layout('4'), pool, { step: 0, pinned: new Map(), alarmTile: null, trigger: null, allCameras: latest.values(), latest });
    expect(cells.map((c) => c.camera?.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(cells[1]!.camera!.online).toBe(false);
    expect(cells[0]!.camera).toBe(cams[0]);
    // Without the lookup the stale version would be shown: the defect this guards against.
    const stale = assignCells(layout('4'), pool, { step: 0, pinned: new Map(), alarmTile: null, trigger: null, allCameras: latest.values() });
    expect(stale[1]!.camera!.online).toBe(true);
  });

  it('a pinned camera is refreshed too, and the order of the cells does not change', () => {
    const latest = new Map(cams.map((c) => [c.id, c]));
    latest.set('c3', cam('c3', false));
    const cells = assignCells(layout('4'), pool, { step: 0, pinned: new Map([[0, cams[3]!]]), alarmTile: null, trigger: null, allCameras: latest.values(), latest });
    expect(cells[0]!.camera!.id).toBe('c3');
    expect(cells[0]!.camera!.online).toBe(false);
    expect(cells.slice(1).map((c) => c.camera?.id)).toEqual(['c0', 'c1', 'c2']);
  });
});
