/**
 * The wall miniature's model: each wall of the profile as a grid of monitors, what each shows
 * in the wall's current scene, and the latest command to each monitor with its state. Walls
 * the server knows but the profile does not are listed with the monitors their commands name.
 */
import type { WallCommandState, WallState } from '../../../shared/protocol';
import type { ViewSpec, WallProfile } from '../../../shared/wall';

export interface MonitorCell {
  id: string;
  row: number;
  column: number;
  /** What the scene gives it (or the last applied push). */
  shows: string;
  spanned: boolean;
  last: WallCommandState | null;
}

export interface WallModel {
  id: string;
  title: string;
  rows: number;
  columns: number;
  scene: string;
  online: boolean | null;
  cells: MonitorCell[];
  commands: WallCommandState[];
  inProfile: boolean;
}

export function describeView(v: ViewSpec): string {
  if (v.view === 'cameras') return v.cameras ? `cameras ${v.cameras.slice(0, 2).join(',')}${v.cameras.length > 2 ? '…' : ''}` : v.tour ? `cameras tour ×${v.tour.cameras.length}` : 'cameras';
  if (v.view === 'map' && v.center) return `map z${v.zoom ?? '?'}`;
  return v.view;
}

export function describeTarget(c: WallCommandState): string {
  if (c.type === 'wall.scene') return `scene ${c.scene ?? ''}`;
  const t = c.target;
  if (!t) return '?';
  if (t.kind === 'camera') return `camera ${t.cameraId}`;
  if (t.kind === 'incident') return `incident ${t.incidentId}`;
  if (t.kind === 'viewport') return `map ${t.center[0].toFixed(3)},${t.center[1].toFixed(3)} z${t.zoom}`;
  return t.view;
}

export function buildWallModels(profile: WallProfile | null, states: readonly WallState[]): WallModel[] {
  const byId = new Map(states.map((s) => [s.id, s]));
  const models: WallModel[] = [];
  for (const w of profile?.walls ?? []) {
    const st = byId.get(w.id);
    const scene = st?.scene && profile!.scenes[st.scene] ? st.scene : profile!.defaultScene;
    const part = profile!.scenes[scene]?.walls[w.id];
    const commands = st?.commands ?? [];
    const cells: MonitorCell[] = w.monitors.map((m) => {
      const span = (part?.spans ?? []).find((s) => m.row >= s.row && m.row < s.row + s.rows && m.column >= s.column && m.column < s.column + s.columns);
      const view = span?.show ?? part?.monitors?.[m.id];
      const pushes = commands.filter((c) => c.type === 'wall.push' && c.monitor === m.id && c.state !== 'superseded');
      const last = pushes[pushes.length - 1] ?? null;
      const shows = last && last.state === 'applied' ? describeTarget(last) : view ? describeView(view) : 'dashboard';
      return { id: m.id, row: m.row, column: m.column, shows, spanned: !!span && (span.rows > 1 || span.columns > 1), last };
    });
    models.push({ id: w.id, title: w.title ?? w.id, rows: w.grid.rows, columns: w.grid.columns, scene, online: st?.online ?? null, cells, commands, inProfile: true });
  }
  for (const st of states) {
    if (models.some((m) => m.id === st.id)) continue;
    const monitors = [...new Set((st.commands ?? []).map((c) => c.monitor).filter((m): m is string => !!m))].sort();
    const cols = Math.max(1, Math.ceil(Math.sqrt(monitors.length)));
    const cells = monitors.map((id, i) => {
      const pushes = (st.commands ?? []).filter((c) => c.monitor === id && c.state !== 'superseded');
      const last = pushes[pushes.length - 1] ?? null;
      return { id, row: Math.floor(i / cols), column: i % cols, shows: last ? describeTarget(last) : '', spanned: false, last };
    });
    models.push({ id: st.id, title: st.id, rows: Math.max(1, Math.ceil(monitors.length / cols)), columns: cols, scene: st.scene, online: st.online ?? null, cells, commands: st.commands ?? [], inProfile: false });
  }
  return models;
}
