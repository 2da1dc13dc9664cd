/**
 * The wall planner: displays + profile + scene → one window per display with its bounds and
 * the view's URL parameters, and the views that have nowhere to go (parked). Pure.
 *
 * A view spanning several monitors is drawn as one window per monitor, each showing its tile
 * of a shared virtual canvas: fullscreen is per display, mixed scale factors stay sharp, a
 * missing monitor only loses its own tile, and the canvas includes the bezels (in mm), so a
 * road crossing a bezel continues where the eye expects it.
 */
import type { Monitor, ViewSpec, Wall, WallPart, WallProfile } from '../../shared/wall';
import { matchMonitors, type DisplayInfo } from './displays';
import { spanTiles, type SpanTile } from './span';

export interface PlannedWindow {
  /** Stable across re-plans: `${wallId}/${monitorId}`; hot-plug diffs by it. */
  key: string;
  wallId: string;
  monitorId: string;
  displayId: number;
  /** DIP bounds of the display (the window covers it). */
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
  view: ViewSpec;
  span?: SpanTile;
  /** Shown on a display that is not its own, because its monitor is missing (onMissing: move). */
  movedFrom?: string;
  /** URL query of the page, without server or token. */
  query: Record<string, string>;
}

export interface ParkedView {
  monitorId: string;
  view: ViewSpec;
  reason: string;
}

export interface WallPlan {
  wallId: string;
  scene: string;
  windows: PlannedWindow[];
  parked: ParkedView[];
  /** Displays the profile does not use (an operator's laptop panel, a spare). */
  unusedDisplays: number[];
  notes: string[];
}

export interface PlanInput {
  displays: readonly DisplayInfo[];
  profile: WallProfile;
  wallId: string;
  scene: string;
}

/** URL parameters that carry a view to the renderer (documented in README "Wall profiles"). */
export function viewQuery(view: ViewSpec): Record<string, string> {
  const q: Record<string, string> = { view: view.view };
  if (view.view === 'map') {
    if (view.center) q.center = `${view.center[0]},${view.center[1]}`;
    if (view.zoom !== undefined) q.zoom = String(view.zoom);
    if (view.layers) q.layers = view.layers.join(',');
    if (view.district) q.district = view.district;
  } else if (view.view === 'cameras') {
    if (view.cameras) q.cameras = view.cameras.join(',');
    // A tour is the camera view's own rotation: its cameras, moved through the grid every `tour` seconds.
    if (view.tour) {
      q.cameras = view.tour.cameras.join(',');
      q.tour = String(view.tour.intervalS);
    }
  }
  return q;
}

function assignments(wall: Wall, part: WallPart | undefined): Map<string, { view: ViewSpec; spanIndex?: number }> {
  const out = new Map<string, { view: ViewSpec; spanIndex?: number }>();
  const byCell = new Map(wall.monitors.map((m) => [`${m.row},${m.column}`, m]));
  (part?.spans ?? []).forEach((s, i) => {
    for (let r = s.row; r < s.row + s.rows; r++)
      for (let c = s.column; c < s.column + s.columns; c++) {
        const m = byCell.get(`${r},${c}`);
        if (m) out.set(m.id, { view: s.show, spanIndex: i });
      }
  });
  for (const [id, view] of Object.entries(part?.monitors ?? {})) if (!out.has(id)) out.set(id, { view });
  return out;
}

export function planWall({ displays, profile, wallId, scene }: PlanInput): WallPlan {
  const notes: string[] = [];
  const wall = profile.walls.find((w) => w.id === wallId);
  if (!wall) {
    return { wallId, scene, windows: [], parked: [], unusedDisplays: displays.map((d) => d.id), notes: [`wall ${wallId} is not in the profile`] };
  }
  let sceneName = scene;
  if (!profile.scenes[sceneName]) {
    notes.push(`scene ${scene} is not in the profile; showing ${profile.defaultScene}`);
    sceneName = profile.defaultScene;
  }
  const part = profile.scenes[sceneName]?.walls[wallId];
  if (!part) notes.push(`scene ${sceneName} gives wall ${wallId} nothing to show; its monitors show the dashboard`);
  const assigned = assignments(wall, part);
  const matches = matchMonitors(wall.monitors, displays);
  const displayOf = new Map(matches.map((m) => [m.monitor.id, m.display]));

  const windows: PlannedWindow[] = [];
  const parked: ParkedView[] = [];
  const make = (m: Monitor, d: DisplayInfo, view: ViewSpec, span?: SpanTile, movedFrom?: string): PlannedWindow => {
    // No scene in the query: a scene change must not reload a monitor whose view stays the same.
    const query: Record<string, string> = { ...viewQuery(view), wall: wallId, monitor: m.id };
    if (span) query.span = `${span.x},${span.y},${span.width},${span.height},${span.canvasWidth},${span.canvasHeight}`;
    if (span && span.zoomDelta !== 0 && view.view === 'map' && view.zoom !== undefined) query.zoom = String(+(view.zoom + span.zoomDelta).toFixed(4));
    return {
      key: `${wallId}/${m.id}`,
      wallId,
      monitorId: m.id,
      displayId: d.id,
      bounds: { ...d.bounds },
      scaleFactor: d.scaleFactor,
      view,
      ...(span ? { span } : {}),
      ...(movedFrom ? { movedFrom } : {}),
      query,
    };
  };

  const tiles = new Map<string, SpanTile>();
  (part?.spans ?? []).forEach((s, i) => {
    for (const t of spanTiles(wall, s, i, (id) => displayOf.get(id))) tiles.set(t.monitorId, t.tile);
  });

  const missing: Monitor[] = [];
  for (const m of wall.monitors) {
    const a = assigned.get(m.id) ?? { view: { view: 'dashboard' as const } };
    const d = displayOf.get(m.id);
    if (!d) {
      missing.push(m);
      continue;
    }
    windows.push(make(m, d, a.view, tiles.get(m.id)));
  }
  const used = new Set(windows.map((w) => w.displayId));
  const spare = displays
    .filter((d) => !used.has(d.id))
    .sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x);
  for (const m of missing) {
    const a = assigned.get(m.id) ?? { view: { view: 'dashboard' as const } };
    // A tile of a span means nothing on its own; it waits for its monitor.
    const d = wall.onMissing === 'move' && a.spanIndex === undefined ? spare.shift() : undefined;
    if (d) {
      windows.push(make(m, d, a.view, undefined, m.id));
      notes.push(`monitor ${m.id} is missing; its view is shown on display ${d.id} (${d.label || 'no label'}) until it returns`);
    } else {
      parked.push({ monitorId: m.id, view: a.view, reason: `monitor ${m.id}${m.label ? ` (${m.label})` : ''} at row ${m.row}, column ${m.column} is not connected` });
    }
  }
  const finalUsed = new Set(windows.map((w) => w.displayId));
  return { wallId, scene: sceneName, windows, parked, unusedDisplays: displays.filter((d) => !finalUsed.has(d.id)).map((d) => d.id), notes };
}
