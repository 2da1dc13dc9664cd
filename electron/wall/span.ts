/**
 * Geometry of a view spread over a rectangle of monitors. The span is a virtual canvas the
 * size of the whole rectangle *including the bezels*, measured in millimetres; each monitor's
 * window shows the part of the canvas that lies behind its glass. Without physical sizes the
 * pixels are taken as the unit and bezels as zero (the profile check warns about it).
 */
import type { BezelMm, Monitor, Span, Wall } from '../../shared/wall';
import type { DisplayInfo } from './displays';

export interface SpanTile {
  /** Index of the span in the scene's wall part; tiles with the same spanId make one picture. */
  spanId: number;
  /** This window's rectangle in canvas pixels (the window's own CSS pixels). */
  x: number;
  y: number;
  width: number;
  height: number;
  canvasWidth: number;
  canvasHeight: number;
  /** Added to the map zoom so one metre on the ground is the same size on every monitor. */
  zoomDelta: number;
}

const NO_BEZEL: BezelMm = { left: 0, right: 0, top: 0, bottom: 0 };
const FALLBACK = { width: 1920, height: 1080 };

export function spanTiles(
  wall: Wall,
  span: Span,
  spanId: number,
  displayOf: (monitorId: string) => DisplayInfo | undefined,
): { monitorId: string; tile: SpanTile }[] {
  const at = new Map(wall.monitors.map((m) => [`${m.row},${m.column}`, m]));
  const cells: Monitor[][] = [];
  for (let r = 0; r < span.rows; r++) {
    cells.push([]);
    for (let c = 0; c < span.columns; c++) {
      const m = at.get(`${span.row + r},${span.column + c}`);
      if (!m) return []; // the profile check refuses this; nothing sensible to draw
      cells[r]!.push(m);
    }
  }
  const all = cells.flat();
  const physical = all.every((m) => m.sizeMm);
  const pxSize = (m: Monitor) => displayOf(m.id)?.size ?? (m.bounds ? { width: m.bounds.width, height: m.bounds.height } : FALLBACK);
  // Millimetres, or pixels standing in for them.
  const size = (m: Monitor) => (physical ? m.sizeMm! : pxSize(m));
  const bezel = (m: Monitor) => (physical ? (m.bezelMm ?? wall.bezelMm ?? NO_BEZEL) : NO_BEZEL);

  const colLeft: number[] = [];
  let x = 0;
  for (let c = 0; c < span.columns; c++) {
    if (c > 0) x += bezel(cells[0]![c - 1]!).right + bezel(cells[0]![c]!).left;
    colLeft.push(x);
    x += size(cells[0]![c]!).width;
  }
  const rowTop: number[] = [];
  let y = 0;
  for (let r = 0; r < span.rows; r++) {
    if (r > 0) y += bezel(cells[r - 1]![0]!).bottom + bezel(cells[r]![0]!).top;
    rowTop.push(y);
    y += size(cells[r]![0]!).height;
  }
  const totalW = x;
  const totalH = y;
  const pxPerUnit = (m: Monitor) => pxSize(m).width / size(m).width;
  const ref = pxPerUnit(cells[0]![0]!);

  const out: { monitorId: string; tile: SpanTile }[] = [];
  for (let r = 0; r < span.rows; r++)
    for (let c = 0; c < span.columns; c++) {
      const m = cells[r]![c]!;
      if (!displayOf(m.id)) continue;
      const k = pxPerUnit(m);
      const px = pxSize(m);
      out.push({
        monitorId: m.id,
        tile: {
          spanId,
          x: Math.round(colLeft[c]! * k),
          y: Math.round(rowTop[r]! * k),
          width: px.width,
          height: px.height,
          canvasWidth: Math.round(totalW * k),
          canvasHeight: Math.round(totalH * k),
          zoomDelta: Math.abs(k - ref) < 1e-9 ? 0 : +Math.log2(k / ref).toFixed(4),
        },
      });
    }
  return out;
}
