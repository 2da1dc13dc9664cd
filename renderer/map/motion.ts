/**
 * Smooth unit motion between the 1 Hz position reports, a short trail per unit and
 * staleness — all on typed arrays, stepped once per animation frame outside React. Pure:
 * the caller passes the clock and the unit table's columns.
 *
 * Rows follow the unit table's dense rows; when a row changes owner (a unit removed and
 * the last row moved into its place) the row snaps instead of gliding across the city.
 */

export const TRAIL_LENGTH = 10;

/** Per-unit ring buffer of the last `length` reported positions. */
export class TrailRing {
  /** [row][slot][lon, lat] */
  points: Float64Array;
  /** How many points each row holds (≤ length). */
  sizes: Uint8Array;
  /** Index of the next write per row. */
  heads: Uint8Array;

  constructor(
    public capacity: number,
    public readonly length = TRAIL_LENGTH,
  ) {
    this.points = new Float64Array(capacity * length * 2);
    this.sizes = new Uint8Array(capacity);
    this.heads = new Uint8Array(capacity);
  }

  ensure(rows: number): void {
    if (rows <= this.capacity) return;
    let cap = this.capacity;
    while (cap < rows) cap *= 2;
    const p = new Float64Array(cap * this.length * 2);
    p.set(this.points);
    const s = new Uint8Array(cap);
    s.set(this.sizes);
    const h = new Uint8Array(cap);
    h.set(this.heads);
    this.points = p;
    this.sizes = s;
    this.heads = h;
    this.capacity = cap;
  }

  clearRow(row: number): void {
    this.sizes[row] = 0;
    this.heads[row] = 0;
  }

  push(row: number, lon: number, lat: number): void {
    const h = this.heads[row]!;
    const o = (row * this.length + h) * 2;
    this.points[o] = lon;
    this.points[o + 1] = lat;
    this.heads[row] = (h + 1) % this.length;
    if (this.sizes[row]! < this.length) this.sizes[row]!++;
  }

  /** Points of a row, oldest first. */
  row(row: number): [number, number][] {
    const out: [number, number][] = [];
    const size = this.sizes[row]!;
    const start = (this.heads[row]! - size + this.length) % this.length;
    for (let k = 0; k < size; k++) {
      const o = (row * this.length + ((start + k) % this.length)) * 2;
      out.push([this.points[o]!, this.points[o + 1]!]);
    }
    return out;
  }

  /**
   * Writes every row's points (oldest first) into `positions` ([lon, lat] pairs) and an age
   * 0..1 per point (0 = newest) into `ages`; returns the number of points written.
   */
  flatten(rows: number, positions: Float32Array, ages: Float32Array): number {
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const size = this.sizes[r]!;
      if (size < 2) continue;
      const start = (this.heads[r]! - size + this.length) % this.length;
      for (let k = 0; k < size; k++) {
        const o = (r * this.length + ((start + k) % this.length)) * 2;
        positions[n * 2] = this.points[o]!;
        positions[n * 2 + 1] = this.points[o + 1]!;
        ages[n] = (size - 1 - k) / this.length;
        n++;
      }
    }
    return n;
  }
}

export interface MotionSource {
  count: number;
  /** Interleaved target [lon, lat] per row (already in draw coordinates). */
  positions: ArrayLike<number>;
  ids: readonly string[];
}

/** Glides each row from where it was drawn to its newly reported position over `durationMs`. */
export class UnitMotion {
  count = 0;
  capacity: number;
  /** Drawn positions this frame: what deck.gl reads. */
  draw: Float32Array;
  private from: Float64Array;
  private to: Float64Array;
  private start: Float64Array;
  /** Last time each row's reported position changed (for staleness). */
  lastMove: Float64Array;
  private ids: string[] = [];
  readonly trails: TrailRing;

  constructor(
    initialCapacity = 256,
    private readonly durationMs = 1000,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.draw = new Float32Array(this.capacity * 2);
    this.from = new Float64Array(this.capacity * 2);
    this.to = new Float64Array(this.capacity * 2);
    this.start = new Float64Array(this.capacity);
    this.lastMove = new Float64Array(this.capacity);
    this.trails = new TrailRing(this.capacity);
  }

  private grow(min: number): void {
    if (min <= this.capacity) return;
    let cap = this.capacity;
    while (cap < min) cap *= 2;
    const g = <T extends Float64Array | Float32Array>(a: T, k: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * k);
      b.set(a);
      return b;
    };
    this.draw = g(this.draw, 2);
    this.from = g(this.from, 2);
    this.to = g(this.to, 2);
    this.start = g(this.start, 1);
    this.lastMove = g(this.lastMove, 1);
    this.trails.ensure(cap);
    this.capacity = cap;
  }

  /** Takes the table's new targets (call when its version changed). */
  sync(src: MotionSource, now: number): void {
    this.grow(src.count);
    for (let r = 0; r < src.count; r++) {
      const x = src.positions[r * 2]!;
      const y = src.positions[r * 2 + 1]!;
      const id = src.ids[r]!;
      if (r >= this.count || this.ids[r] !== id) {
        // A new unit on this row: snap.
        this.ids[r] = id;
        this.from[r * 2] = this.to[r * 2] = this.draw[r * 2] = x;
        this.from[r * 2 + 1] = this.to[r * 2 + 1] = this.draw[r * 2 + 1] = y;
        this.start[r] = now - this.durationMs;
        this.lastMove[r] = now;
        this.trails.clearRow(r);
        this.trails.push(r, x, y);
        continue;
      }
      if (x === this.to[r * 2] && y === this.to[r * 2 + 1]) continue;
      this.from[r * 2] = this.draw[r * 2]!;
      this.from[r * 2 + 1] = this.draw[r * 2 + 1]!;
      this.to[r * 2] = x;
      this.to[r * 2 + 1] = y;
      this.start[r] = now;
      this.lastMove[r] = now;
      this.trails.push(r, x, y);
    }
    this.count = src.count;
    this.ids.length = src.count;
  }

  /** Advances the drawn positions to `now`; returns true while any row is still moving. */
  step(now: number): boolean {
    let moving = false;
    const d = this.durationMs;
    for (let r = 0; r < this.count; r++) {
      const t = (now - this.start[r]!) / d;
      if (t >= 1) {
        this.draw[r * 2] = this.to[r * 2]!;
        this.draw[r * 2 + 1] = this.to[r * 2 + 1]!;
        continue;
      }
      moving = true;
      const k = t <= 0 ? 0 : t;
      this.draw[r * 2] = this.from[r * 2]! + (this.to[r * 2]! - this.from[r * 2]!) * k;
      this.draw[r * 2 + 1] = this.from[r * 2 + 1]! + (this.to[r * 2 + 1]! - this.from[r * 2 + 1]!) * k;
    }
    return moving;
  }
}

/** A unit is stale when nothing was heard of it (entity update or position report) for `staleMs`. */
export function isStale(lastHeard: number, now: number, staleMs: number): boolean {
  return now - lastHeard > staleMs;
}
