/**
 * Which camera goes into which cell: the configured list or district, rotated by the tour,
 * overridden by cameras an officer pinned, and by the alarm tile while an alarm is active.
 * Pure.
 */
import type { Camera } from '../../../shared/protocol';
import { nearestCameras, type AlarmTrigger } from '../../video/alarmFocus';
import type { Layout } from '../../video/layouts';
import { tourPage } from '../../video/tour';

export interface CellAlarm {
  trigger: AlarmTrigger;
  distanceM: number;
}

export interface CellAssignment {
  camera: Camera | undefined;
  alarm: CellAlarm | null;
}

/** The cameras this view shows: the listed ids in their order, else the district's (or all), online first. */
export function cameraPool(cameras: Iterable<Camera>, o: { ids: readonly string[] | null; district: string | null }): Camera[] {
  if (o.ids) {
    const byId = new Map<string, Camera>();
    for (const c of cameras) byId.set(c.id, c);
    return o.ids.map((id) => byId.get(id)).filter((c): c is Camera => c !== undefined);
  }
  const out: Camera[] = [];
  for (const c of cameras) if (o.district === null || c.district === o.district) out.push(c);
  return out.sort((a, b) => Number(b.online) - Number(a.online) || a.id.localeCompare(b.id));
}

export function assignCells(
  lay: Layout,
  pool: readonly Camera[],
  o: {
    step: number;
    pinned: ReadonlyMap<number, Camera>;
    alarmTile: number | 'all' | null;
    trigger: AlarmTrigger | null;
    allCameras: Iterable<Camera>;
    /**
     * The cameras as they are now, by id. The pool and pinned cameras are kept across renders
     * (the order must not reshuffle on every delta, or every tile would restart its player), so
     * each cell is handed the newest version of its camera: its `online` flag and streams.
     */
    latest?: ReadonlyMap<string, Camera>;
  },
): CellAssignment[] {
  const n = lay.cells.length;
  const out: CellAssignment[] = new Array(n);
  const alarmCells = new Set<number>();
  if (o.trigger && o.alarmTile !== null) {
    const cells = o.alarmTile === 'all' ? [...Array(n).keys()] : o.alarmTile < n ? [o.alarmTile] : [];
    const near = nearestCameras(o.allCameras, o.trigger, cells.length);
    cells.forEach((cell, i) => {
      const hit = near[i];
      if (!hit) return;
      alarmCells.add(cell);
      out[cell] = { camera: hit.camera, alarm: { trigger: o.trigger!, distanceM: hit.distanceM } };
    });
  }
  const free = [...Array(n).keys()].filter((i) => !alarmCells.has(i) && !o.pinned.has(i));
  const page = tourPage(pool, free.length, o.step);
  free.forEach((cell, i) => (out[cell] = { camera: page[i], alarm: null }));
  for (const [cell, cam] of o.pinned) if (cell < n && !alarmCells.has(cell)) out[cell] = { camera: cam, alarm: null };
  const latest = o.latest;
  if (latest) for (const a of out) if (a?.camera) a.camera = latest.get(a.camera.id) ?? a.camera;
  return out;
}
