/**
 * What a wall window does with the wall topic: which queued commands are for it and what
 * each one changes in its settings. Pure, so the rules are tested under Node.
 */
import type { Incident, WallCommandState, WallState } from '../../shared/protocol';
import type { Settings } from '../config/settings';

/** Zoom a pushed incident is shown at: a few streets around it. */
export const INCIDENT_ZOOM = 15;

/** Pending commands for this window (its monitor's pushes, and scenes of its wall), oldest first, not yet applied here. */
export function commandsForWindow(wall: WallState | undefined, me: { wallId: string; monitor: string | null }, applied: ReadonlySet<string>): WallCommandState[] {
  if (!wall || wall.id !== me.wallId) return [];
  return (wall.commands ?? [])
    .filter((c) => c.state === 'pending' && !applied.has(c.commandId))
    .filter((c) => (c.type === 'wall.push' ? c.monitor !== null && c.monitor === me.monitor : c.type === 'wall.scene'))
    .sort((a, b) => a.issuedAt - b.issuedAt);
}

/** Commands this window applied whose confirmation the server has not recorded yet (lost ack, reconnect). */
export function unconfirmed(wall: WallState | undefined, applied: ReadonlySet<string>): string[] {
  return (wall?.commands ?? []).filter((c) => c.state === 'pending' && applied.has(c.commandId)).map((c) => c.commandId);
}

export type SettingsChange = { ok: true; change: Partial<Settings>; summary: string } | { ok: false; message: string };

/** The settings a push leads to; scenes are not settings (the wall's main process re-plans them). */
export function settingsForPush(c: WallCommandState, incidents: ReadonlyMap<string, Incident>): SettingsChange {
  const t = c.target;
  if (c.type !== 'wall.push' || !t) return { ok: false, message: 'not a push' };
  switch (t.kind) {
    case 'camera':
      return { ok: true, change: { view: 'cameras', cameras: [t.cameraId], layout: '1' }, summary: `camera ${t.cameraId}` };
    case 'viewport':
      return { ok: true, change: { view: 'map', center: t.center, zoom: t.zoom }, summary: `map ${t.center[0].toFixed(3)},${t.center[1].toFixed(3)} z${t.zoom}` };
    case 'incident': {
      const inc = incidents.get(t.incidentId);
      if (!inc) return { ok: false, message: `incident ${t.incidentId} is not known to this wall` };
      return { ok: true, change: { view: 'map', center: [inc.lon, inc.lat], zoom: INCIDENT_ZOOM }, summary: `incident ${t.incidentId}` };
    }
    case 'view':
      return { ok: true, change: { view: t.view }, summary: `view ${t.view}` };
  }
}

/** Ids this window has applied, bounded: old ids are long gone from the server's list. */
export class AppliedIds {
  private ids: string[];
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    private readonly key: string,
    private readonly max = 500,
  ) {
    let ids: unknown;
    try {
      ids = JSON.parse(storage?.getItem(key) ?? '[]');
    } catch {
      ids = [];
    }
    this.ids = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string').slice(-max) : [];
  }
  get set(): ReadonlySet<string> {
    return new Set(this.ids);
  }
  add(id: string): void {
    if (this.ids.includes(id)) return;
    this.ids.push(id);
    if (this.ids.length > this.max) this.ids.splice(0, this.ids.length - this.max);
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.ids));
    } catch {
      // Storage full or disabled: the server's state still prevents most repeats.
    }
  }
}
