/**
 * The map's own incident columns: time, draw position, category and priority for every
 * record of the 30-day history plus live incidents as they first arrive. Positions are
 * converted once to the basemap's coordinate system. Filtering scans the columns into a
 * reused index buffer, so changing the window or the category filter allocates nothing on
 * 60,000 records. Pure: no DOM.
 */
import { COORD_SCALE, INCIDENT_CATEGORIES, historyRecordValid, type Incident, type IncidentHistory } from '../../shared/protocol';
import type { BasemapCrs } from '../config/settings';
import type { HistoryColumns } from '../data/history';
import { projectFor } from './crs';
import { cellOf, gridSpecFor, sumCells, type CellOutput, type GridSpec, type HeatGrid } from './heatgrid';

/** A record whose position has no heat cell (not a finite point). */
const NO_CELL = 0xffffffff;

export const HOUR_MS = 3_600_000;
export const WINDOWS = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS } as const;
export type HeatWindow = keyof typeof WINDOWS;
/** Bit per category (INCIDENT_CATEGORIES order); all set = no filter. */
export const ALL_CATEGORIES = (1 << INCIDENT_CATEGORIES.length) - 1;
/** Longest the map keeps: the 30-day window, with a day's margin. */
const RETENTION_MS = 31 * 24 * HOUR_MS;

export interface Arrival {
  lon: number;
  lat: number;
  priority: number;
  at: number;
}

export class MapIncidents {
  count = 0;
  capacity = 0;
  time = new Float64Array(0);
  /** Interleaved draw positions [x, y] (basemap CRS). */
  positions = new Float32Array(0);
  category = new Uint8Array(0);
  priority = new Uint8Array(0);
  version = 0;
  /** Live incidents appended since the last take, for the arrival pulse. */
  private arrivals: Arrival[] = [];
  private seen = new Map<string, number>();
  private idx = new Uint32Array(0);
  /** Each record's heat-grid cell (heatgrid.ts), valid for records below `cellsUpTo`. */
  private cells = new Uint32Array(0);
  private cellsUpTo = 0;
  private grid: GridSpec | null = null;
  /**
   * Two pairs of buffers the heat grid's cells are written into, in turn. Fresh megabytes per
   * window change cost more in page faults and GC than the work; alternating keeps the grid the
   * heat layer still holds intact while the next is written, and gives deck.gl a new array.
   */
  private gridOut = [
    { pos: new Float32Array(0), weight: new Float32Array(0) },
    { pos: new Float32Array(0), weight: new Float32Array(0) },
  ];
  private gridTurn = 0;
  private readonly gridOutput: CellOutput = (m) => {
    this.gridTurn ^= 1;
    let b = this.gridOut[this.gridTurn]!;
    if (b.weight.length < m) b = this.gridOut[this.gridTurn] = { pos: new Float32Array(m * 2 + (m >> 2) * 2), weight: new Float32Array(m + (m >> 2)) };
    return { pos: b.pos.subarray(0, m * 2), weight: b.weight.subarray(0, m) };
  };

  constructor(private crs: BasemapCrs = 'wgs84') {}

  setCrs(crs: BasemapCrs): void {
    this.crs = crs;
  }

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap < n) cap *= 2;
    const grow = <T extends Float64Array | Float32Array | Uint8Array | Uint32Array>(a: T, k: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * k);
      b.set(a.subarray(0, this.count * k));
      return b;
    };
    this.time = grow(this.time, 1);
    this.positions = grow(this.positions, 2);
    this.category = grow(this.category, 1);
    this.priority = grow(this.priority, 1);
    this.cells = grow(this.cells, 1);
    this.capacity = cap;
  }

  compact(since: number): void {
    let j = 0;
    // Compaction keeps order, so the kept records that had cells are still the first ones.
    let cellsUpTo = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.time[i]! < since) continue;
      if (i !== j) {
        this.time[j] = this.time[i]!;
        this.positions[j * 2] = this.positions[i * 2]!;
        this.positions[j * 2 + 1] = this.positions[i * 2 + 1]!;
        this.category[j] = this.category[i]!;
        this.priority[j] = this.priority[i]!;
        this.cells[j] = this.cells[i]!;
      }
      if (i < this.cellsUpTo) cellsUpTo++;
      j++;
    }
    if (j !== this.count) this.version++;
    this.count = j;
    this.cellsUpTo = cellsUpTo;
    for (const [id, t] of this.seen) if (t < since) this.seen.delete(id);
  }

  reset(h: IncidentHistory | null, snapshotIncidents: readonly Pick<Incident, 'id' | 'reportedAt'>[]): void {
    const n = h?.count ?? 0;
    this.clear(n);
    if (h) {
      const project = projectFor(this.crs);
      // Same range check as the world's history: a bad record is skipped, not drawn somewhere.
      let j = 0;
      for (let i = 0; i < n; i++) {
        if (!historyRecordValid(h, i)) continue;
        this.time[j] = h.baseTs + h.offsetS[i]! * 1000;
        const [x, y] = project(h.lon[i]! / COORD_SCALE, h.lat[i]! / COORD_SCALE);
        this.positions[j * 2] = x;
        this.positions[j * 2 + 1] = y;
        this.category[j] = h.category[i]!;
        this.priority[j] = h.priority[i]!;
        j++;
      }
      this.count = j;
    }
    for (const inc of snapshotIncidents) this.seen.set(inc.id, inc.reportedAt);
    this.version++;
  }

  /**
   * Starts from the world's own history columns (already range-checked, live incidents
   * appended): the map's code loads when a window first shows the map, which may be after the
   * snapshot's history arrived. `known` are the incidents those columns already hold (the
   * world's incident table), so their later updates are not appended twice. No arrival pulses.
   */
  resetFromColumns(cols: Pick<HistoryColumns, 'count' | 'time' | 'positions' | 'category' | 'priority'>, known: Iterable<Pick<Incident, 'id' | 'reportedAt'>>): void {
    const n = cols.count;
    this.clear(n);
    const project = projectFor(this.crs);
    for (let i = 0; i < n; i++) {
      this.time[i] = cols.time[i]!;
      const [x, y] = project(cols.positions[i * 2]!, cols.positions[i * 2 + 1]!);
      this.positions[i * 2] = x;
      this.positions[i * 2 + 1] = y;
      this.category[i] = cols.category[i]!;
      this.priority[i] = cols.priority[i]!;
    }
    this.count = n;
    for (const inc of known) this.seen.set(inc.id, inc.reportedAt);
    this.version++;
  }

  private clear(capacity: number): void {
    this.count = 0;
    this.grid = null;
    this.cellsUpTo = 0;
    this.seen.clear();
    this.arrivals = [];
    this.ensure(capacity);
  }

  addLive(inc: Incident, arrivedAt: number): boolean {
    if (this.seen.has(inc.id)) return false;
    this.seen.set(inc.id, inc.reportedAt);
    if (this.count + 1 > this.capacity) this.compact(inc.reportedAt - RETENTION_MS);
    this.ensure(this.count + 1);
    const i = this.count++;
    const [x, y] = projectFor(this.crs)(inc.lon, inc.lat);
    this.time[i] = inc.reportedAt;
    this.positions[i * 2] = x;
    this.positions[i * 2 + 1] = y;
    this.category[i] = Math.max(0, INCIDENT_CATEGORIES.indexOf(inc.category));
    this.priority[i] = inc.priority;
    this.arrivals.push({ lon: x, lat: y, priority: inc.priority, at: arrivedAt });
    if (this.arrivals.length > 256) this.arrivals.splice(0, this.arrivals.length - 256);
    this.version++;
    return true;
  }

  /** Arrivals newer than `since`; older ones are dropped. */
  recentArrivals(since: number): readonly Arrival[] {
    let k = 0;
    while (k < this.arrivals.length && this.arrivals[k]!.at < since) k++;
    if (k > 0) this.arrivals.splice(0, k);
    return this.arrivals;
  }

  /**
   * Indices of records with from <= time < to whose category bit is set in `mask`, written
   * into a buffer reused between calls (valid until the next call).
   */
  filter(from: number, to: number, mask: number): Uint32Array {
    if (this.idx.length < this.capacity) this.idx = new Uint32Array(this.capacity);
    const out = this.idx;
    const t = this.time;
    const c = this.category;
    let n = 0;
    const all = (mask & ALL_CATEGORIES) === ALL_CATEGORIES;
    for (let i = 0; i < this.count; i++) {
      const ti = t[i]!;
      if (ti < from || ti >= to) continue;
      if (!all && ((mask >> c[i]!) & 1) === 0) continue;
      out[n++] = i;
    }
    return out.subarray(0, n);
  }

  /**
   * The heat grid of the records `idx` (a `filter` result). The grid covers every record
   * kept, so windows share cells and a change only counts; cells are found once per record.
   */
  heatGrid(idx: Uint32Array): HeatGrid {
    this.updateCells();
    return sumCells(this.cells, idx, this.grid, this.gridOutput);
  }

  private updateCells(): void {
    if (this.cellsUpTo === this.count) return;
    const p = this.positions;
    this.grid ??= gridSpecFor(p, this.count);
    for (let i = this.cellsUpTo; i < this.count; i++) {
      const c = cellOf(this.grid!, p[i * 2]!, p[i * 2 + 1]!);
      if (c < 0 && Number.isFinite(p[i * 2]) && Number.isFinite(p[i * 2 + 1])) {
        // A live record beyond the grid's edge: a new grid over everything, every cell again.
        this.grid = gridSpecFor(p, this.count);
        this.cellsUpTo = 0;
        this.updateCells();
        return;
      }
      this.cells[i] = c < 0 ? NO_CELL : c;
    }
    this.cellsUpTo = this.count;
  }

  /** Newest record time, or null when empty. */
  newest(): number | null {
    if (this.count === 0) return null;
    let m = -Infinity;
    for (let i = 0; i < this.count; i++) if (this.time[i]! > m) m = this.time[i]!;
    return m;
  }
}
