/**
 * Heat-map pre-aggregation: a million filtered incidents are summed into a lon/lat grid and
 * the heat layer splats one weighted point per non-empty cell (at the cell's centre) instead
 * of one point per incident. Cells are ~55 m (0.0005°), a few screen pixels at the zoom levels
 * where the heat shows (below street zoom 13: ≤ 6.5 px against a 56 px kernel), so the picture
 * is the same; the GPU work drops from a million splats to the number of occupied cells.
 *
 * The map keeps each record's cell index (incidents.ts), so a window or filter change only
 * counts the filtered records into cells: no float maths and no bounding-box pass per change.
 * Pure.
 */

/** Finest cell (degrees); a wider area gets coarser cells so the grid stays ≤ MAX_SIDE². */
export const HEAT_CELL_DEG = 0.0005;
const MAX_SIDE = 1536;

export interface HeatGrid {
  n: number;
  /** Interleaved [lon, lat] of each occupied cell's centre. */
  pos: Float32Array;
  /** Incidents per cell. */
  weight: Float32Array;
  cellDeg: number;
}

/** A grid over a bounding box: cell (i, j) covers [minX + i·cell, minX + (i+1)·cell) × … */
export interface GridSpec {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cell: number;
  w: number;
  h: number;
}

/** The grid covering the first `n` [x, y] pairs of `pos`, or null when there are none. */
export function gridSpecFor(pos: ArrayLike<number>, n: number): GridSpec | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = pos[i * 2]!;
    const y = pos[i * 2 + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) return null;
  const cell = Math.max(HEAT_CELL_DEG, (maxX - minX) / (MAX_SIDE - 1), (maxY - minY) / (MAX_SIDE - 1));
  return { minX, minY, maxX, maxY, cell, w: Math.floor((maxX - minX) / cell) + 1, h: Math.floor((maxY - minY) / cell) + 1 };
}

/** The cell holding (x, y), or -1 outside the grid (cells ≥ w·h are not counted by sumCells). */
export function cellOf(g: GridSpec, x: number, y: number): number {
  if (!(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY)) return -1;
  return Math.floor((y - g.minY) / g.cell) * g.w + Math.floor((x - g.minX) / g.cell);
}

let scratch = new Uint32Array(0);

/** Where a grid's occupied cells are written: `m` cells' positions and weights. */
export type CellOutput = (m: number) => { pos: Float32Array; weight: Float32Array };

const fresh: CellOutput = (m) => ({ pos: new Float32Array(m * 2), weight: new Float32Array(m) });

/**
 * Counts the records `idx` (indices into `cells`, each record's cell in `g`) per cell and
 * writes the occupied cells where `output` says. The count grid is reused between calls.
 */
export function sumCells(cells: Uint32Array, idx: Uint32Array, g: GridSpec | null, output: CellOutput = fresh): HeatGrid {
  if (!g || idx.length === 0) return { n: 0, ...output(0), cellDeg: g?.cell ?? HEAT_CELL_DEG };
  const { w, h, cell, minX, minY } = g;
  const size = w * h;
  if (scratch.length < size) scratch = new Uint32Array(size);
  const counts = scratch.subarray(0, size);
  counts.fill(0);
  for (let k = 0; k < idx.length; k++) {
    const c = cells[idx[k]!]!;
    if (c < size) counts[c]!++;
  }
  let m = 0;
  for (let j = 0; j < size; j++) if (counts[j] !== 0) m++;
  const { pos, weight } = output(m);
  let k = 0;
  for (let y = 0, j = 0; y < h; y++) {
    const cy = minY + (y + 0.5) * cell;
    for (let x = 0; x < w; x++, j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      pos[k * 2] = minX + (x + 0.5) * cell;
      pos[k * 2 + 1] = cy;
      weight[k++] = c;
    }
  }
  return { n: m, pos, weight, cellDeg: cell };
}
