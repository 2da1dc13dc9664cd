import { describe, expect, it } from 'vitest';
import type { Alarm, Camera, FaceHit } from '../../shared/protocol';
import { activeTriggers, nearestCameras } from './alarmFocus';
import { assignCells, cameraPool } from '../views/cameras/selection';
import { layout } from './layouts';

const cam = (id: string, lon: number, lat: number, online = true, district: Camera['district'] = '530302'): Camera => ({
  id,
  name: `cam ${id}`,
  kind: 'hd',
  district,
  lon,
  lat,
  online,
  streams: [{ protocol: 'hls', quality: 'sub', url: `http://gw/${id}.m3u8` }],
});
const alarm = (o: Partial<Alarm>): Alarm => ({
  id: 'al-1',
  source: 'incident',
  sourceId: 'JQ-1',
  severity: 'critical',
  state: 'active',
  title: '持刀伤人',
  lon: 103.8,
  lat: 25.5,
  district: '530302',
  raisedAt: 1000,
  ackBy: null,
  ackAt: null,
  ackNote: null,
  clearedAt: null,
  ...o,
});
const hit = (o: Partial<FaceHit> = {}): FaceHit => ({
  id: 'fh-1',
  cameraId: 'face-9',
  district: '530302',
  lon: 103.81,
  lat: 25.51,
  watchlist: '在逃人员',
  personRef: 'P-0042',
  similarity: 0.93,
  time: 5000,
  ...o,
});

describe('activeTriggers', () => {
  it('takes critical/major incident alarms and face hits, newest first, until held out', () => {
    const alarms = [alarm({}), alarm({ id: 'al-2', severity: 'minor', raisedAt: 2000 }), alarm({ id: 'al-3', source: 'drainage', raisedAt: 3000 })];
    const t = activeTriggers(alarms, [hit()], 10_000, 120_000);
    expect(t.map((x) => x.key)).toEqual(['face:fh-1', 'alarm:al-1']);
    expect(t[0]!.cameraId).toBe('face-9');
    expect(activeTriggers(alarms, [hit()], 1000 + 120_001, 120_000).map((x) => x.key)).toEqual(['face:fh-1']);
    expect(activeTriggers(alarms, [hit()], 5000 + 120_001, 120_000)).toEqual([]);
  });

  it('drops a trigger as soon as its alarm is acknowledged', () => {
    const acked = [alarm({ state: 'acknowledged' }), alarm({ id: 'al-f', source: 'face', sourceId: 'fh-1', state: 'acknowledged' })];
    expect(activeTriggers(acked, [hit()], 6000)).toEqual([]);
  });
});

describe('nearestCameras', () => {
  it('returns the nearest online cameras with streams, the capturing camera first', () => {
    const cams = [cam('far', 103.9, 25.6), cam('near', 103.801, 25.5), cam('off', 103.8, 25.5, false), cam('mid', 103.81, 25.5), cam('face-9', 103.85, 25.55)];
    expect(nearestCameras(cams, { lon: 103.8, lat: 25.5 }, 2).map((c) => c.camera.id)).toEqual(['near', 'mid']);
    const withOwn = nearestCameras(cams, { lon: 103.8, lat: 25.5, cameraId: 'face-9' }, 3);
    expect(withOwn.map((c) => c.camera.id)).toEqual(['face-9', 'near', 'mid']);
    expect(withOwn[1]!.distanceM).toBeGreaterThan(50);
    expect(withOwn[1]!.distanceM).toBeLessThan(150);
  });
});

describe('assignCells', () => {
  const cams = Array.from({ length: 20 }, (_, i) => cam(`c${String(i).padStart(2, '0')}`, 103.7 + i * 0.01, 25.5));
  const pool = cameraPool(cams, { ids: null, district: null });
  const trigger = activeTriggers([alarm({ lon: 103.86, lat: 25.5 })], [], 2000)[0]!;

  it('fills the grid from the tour page and gives the alarm tile to the nearest camera', () => {
    const plain = assignCells(layout('4'), pool, { step: 1, pinned: new Map(), alarmTile: 0, trigger: null, allCameras: cams });
    expect(plain.map((c) => c.camera?.id)).toEqual(['c04', 'c05', 'c06', 'c07']);
    const a = assignCells(layout('4'), pool, { step: 0, pinned: new Map(), alarmTile: 0, trigger, allCameras: cams });
    expect(a[0]!.camera?.id).toBe('c16');
    expect(a[0]!.alarm?.trigger.key).toBe('alarm:al-1');
    expect(a.slice(1).map((c) => c.camera?.id)).toEqual(['c00', 'c01', 'c02']);
  });

  it("turns the whole view over to an alarm with alarmTile=all, and keeps officers' pinned cameras otherwise", () => {
    const all = assignCells(layout('4'), pool, { step: 0, pinned: new Map(), alarmTile: 'all', trigger, allCameras: cams });
    expect(all.map((c) => c.camera?.id)).toEqual(['c16', 'c15', 'c17', 'c14']);
    const pinned = assignCells(layout('4'), pool, { step: 0, pinned: new Map([[2, cams[19]!]]), alarmTile: null, trigger: null, allCameras: cams });
    expect(pinned.map((c) => c.camera?.id)).toEqual(['c00', 'c01', 'c19', 'c02']);
  });

  it('keeps the listed cameras in their order and a district to itself', () => {
    expect(cameraPool(cams, { ids: ['c03', 'nope', 'c01'], district: null }).map((c) => c.id)).toEqual(['c03', 'c01']);
    const mixed = [...cams.slice(0, 3), cam('x', 103, 25, true, '530381'), cam('y', 103, 25, false)];
    expect(cameraPool(mixed, { ids: null, district: '530302' }).map((c) => c.id)).toEqual(['c00', 'c01', 'c02', 'y']);
  });
});
