/**
 * Displays as Electron's `screen.getAllDisplays()` reports them (the fields the planner uses),
 * and the matching of profile monitors to them. Pure: no Electron import.
 *
 * Display ids change when a cable moves or a driver is reinstalled, and several panels of one
 * model share a label, so a monitor is matched by a score over label, nominal bounds and its
 * position in the grid, and the best pairs win. Ties go to position, never to the id.
 */
import type { Monitor, Rect } from '../../shared/wall';

export interface DisplayInfo {
  id: number;
  label: string;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
  /** DIP size, equal to bounds' size. */
  size: { width: number; height: number };
  internal?: boolean;
}

export interface Match {
  monitor: Monitor;
  display: DisplayInfo;
  score: number;
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/** Row and column of each display in the desktop layout, from the distinct top and left edges. */
export function gridPositions(displays: readonly DisplayInfo[]): Map<number, { row: number; column: number }> {
  const cluster = (values: number[], tolerance: number) => {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const starts: number[] = [];
    for (const v of sorted) if (starts.length === 0 || v - starts[starts.length - 1]! > tolerance) starts.push(v);
    return (v: number) => {
      let idx = 0;
      for (let i = 0; i < starts.length; i++) if (v >= starts[i]! - tolerance) idx = i;
      return idx;
    };
  };
  const minW = Math.min(...displays.map((d) => d.bounds.width));
  const minH = Math.min(...displays.map((d) => d.bounds.height));
  const col = cluster(displays.map((d) => d.bounds.x), minW / 2);
  const row = cluster(displays.map((d) => d.bounds.y), minH / 2);
  return new Map(displays.map((d) => [d.id, { row: row(d.bounds.y), column: col(d.bounds.x) }]));
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / Math.max(1, a.width * a.height);
}

export function matchScore(m: Monitor, d: DisplayInfo, pos: { row: number; column: number } | undefined): number {
  let score = 0;
  if (m.label && norm(d.label)) score += norm(m.label) === norm(d.label) ? 8 : -4;
  if (m.bounds) {
    if (m.bounds.x === d.bounds.x && m.bounds.y === d.bounds.y) score += 10;
    else score += 6 * overlap(m.bounds, d.bounds);
  }
  if (pos) score += pos.row === m.row && pos.column === m.column ? 5 : -(Math.abs(pos.row - m.row) + Math.abs(pos.column - m.column));
  return score;
}

/** Best pairs first; each monitor and each display used at most once; pairs with no positive evidence are not made. */
export function matchMonitors(monitors: readonly Monitor[], displays: readonly DisplayInfo[]): Match[] {
  if (displays.length === 0) return [];
  const positions = gridPositions(displays);
  // Position order (top to bottom, left to right) decides ties, so the id never does.
  const order = [...displays].sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x || a.id - b.id);
  const rank = new Map(order.map((d, i) => [d.id, i]));
  const pairs: Match[] = [];
  for (const m of monitors) for (const d of displays) pairs.push({ monitor: m, display: d, score: matchScore(m, d, positions.get(d.id)) });
  pairs.sort(
    (a, b) =>
      b.score - a.score ||
      monitors.indexOf(a.monitor) - monitors.indexOf(b.monitor) ||
      rank.get(a.display.id)! - rank.get(b.display.id)!,
  );
  const usedM = new Set<string>();
  const usedD = new Set<number>();
  const out: Match[] = [];
  for (const p of pairs) {
    // Nothing speaks for this pair (wrong label and wrong place): better parked than misplaced.
    if (p.score <= 0) break;
    if (usedM.has(p.monitor.id) || usedD.has(p.display.id)) continue;
    usedM.add(p.monitor.id);
    usedD.add(p.display.id);
    out.push(p);
  }
  return out;
}
