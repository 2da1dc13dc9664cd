/**
 * The wall's one palette. Colour carries meaning only: unit status, drainage state, alarm
 * severity, incident priority. Every view and map layer takes its colours from here.
 */
import type { UnitStatus } from '../../shared/protocol';

export type RGBA = readonly [number, number, number, number];

function hex(h: string, a = 255): RGBA {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}

export const UNIT_STATUS_HEX: Record<UnitStatus, string> = {
  on_duty: '#3b82f6', // 在岗 blue
  patrol: '#22c55e', // 巡逻 green
  standby: '#a855f7', // 备勤 purple
  available: '#eab308', // 可抽调 amber
  dispatched: '#f97316', // 出警 orange: busy on an incident
};
/** Index = status code in the unit hot table (UNIT_STATUSES order). */
export const UNIT_STATUS_ORDER: readonly UnitStatus[] = ['on_duty', 'patrol', 'standby', 'available', 'dispatched'];
export const UNIT_STATUS_RGBA: readonly RGBA[] = UNIT_STATUS_ORDER.map((s) => hex(UNIT_STATUS_HEX[s]));
export const UNKNOWN_RGBA: RGBA = [148, 163, 184, 255];

export const DRAINAGE_HEX = { normal: '#38bdf8', warning: '#facc15', alarm: '#ef4444', late: '#94a3b8' } as const;
export const DRAINAGE_RGBA = {
  normal: hex(DRAINAGE_HEX.normal, 220),
  warning: hex(DRAINAGE_HEX.warning, 240),
  alarm: hex(DRAINAGE_HEX.alarm),
  late: hex(DRAINAGE_HEX.late, 200),
} as const;

export const SEVERITY_HEX = { critical: '#ef4444', major: '#f97316', minor: '#facc15', info: '#94a3b8' } as const;

/** Incident priority 1 (danger to life) .. 3. */
export const PRIORITY_HEX: Record<1 | 2 | 3, string> = { 1: '#ef4444', 2: '#f97316', 3: '#fde047' };
export const PRIORITY_RGBA: Record<1 | 2 | 3, RGBA> = { 1: hex(PRIORITY_HEX[1]), 2: hex(PRIORITY_HEX[2]), 3: hex(PRIORITY_HEX[3]) };

export const CAMERA_RGBA = { online: hex('#cbd5e1', 120), offline: hex('#64748b', 150) } as const;

export const CONNECTION_HEX = { connected: '#22c55e', connecting: '#facc15', reconnecting: '#facc15', offline: '#ef4444' } as const;

/** Basemap. */
export const MAP = {
  background: '#060b16',
  districtFill: ['#0d1a2e', '#10203a', '#0e1c33', '#112440', '#0c1829'],
  districtEdge: '#38bdf8',
  labelOutline: [2, 6, 23, 255] as RGBA,
};

/** Heat ramp: dark blue → cyan → yellow → red, readable on the dark basemap. */
export const HEAT_RAMP: [number, number, number][] = [
  [30, 64, 175],
  [6, 182, 212],
  [34, 197, 94],
  [250, 204, 21],
  [249, 115, 22],
  [220, 38, 38],
];
