/**
 * Smooth unit motion between the 1 Hz position reports, a short trail per unit and
 * staleness — all on typed arrays, updated once per batch outside React (the glide itself
 * runs in the unit layer's vertex shader, see glide-layer.ts). Pure: the caller passes the
 * clock and the unit table's columns.
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

/**
 * Glides rebase their clock when the epoch is older than this: float32 (the GPU's glide start
 * times) keeps millisecond steps only below 2^24 ms (4.6 h); ten minutes leaves a wide margin.
 */
export const GLIDE_REBASE_MS = 600_000;

/**
 * Glide bookkeeping for the GPU: each row glides from where it was drawn when its new report
 * arrived (`gpuFrom`) to the reported position (`gpuTo`), starting at `gpuStart` (ms after
 * `epoch`), over `durationMs`. The vertex shader evaluates
 *   t = clamp((now − epoch − start) / duration, 0, 1);  position = mix(from, to, t)
 * so a frame while gliding changes one uniform; these arrays change (and are uploaded) only
 * when a batch arrives (`sync`). `positionAt` is the same formula on the CPU, on demand.
 */
export class UnitMotion {
  count = 0;
  capacity: number;
  /** Per-row arrays handed to the GPU (float32; valid for rows < count). */
  gpuFrom: Float32Array;
  gpuTo: Float32Array;
  gpuStart: Float32Array;
  /** performance.now() of glide time 0; moved forward by `sync` (see GLIDE_REBASE_MS). */
  epoch = Number.NaN;
  /** Bumped by every `sync` that changed a row or rebased the clock: the GPU arrays need uploading. */
  version = 0;
  /** The time at which the last running glide ends. */
  glidingUntil = Number.NEGATIVE_INFINITY;
  /**
   * The largest move of the last `sync` (from where a row was drawn to its new report), in
   * draw-coordinate degrees along each axis, and the latitude it happened at: what the batch's
   * glides would show on screen (see `stepPixels`).
   */
  step = { dx: 0, dy: 0, lat: 0 };
  private from: Float64Array;
  private to: Float64Array;
  private start: Float64Array;
  /** Last time each row's reported position changed (for staleness). */
  lastMove: Float64Array;
  private ids: string[] = [];
  readonly trails: TrailRing;

  constructor(
    initialCapacity = 256,
    readonly durationMs = 1000,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.gpuFrom = new Float32Array(this.capacity * 2);
    this.gpuTo = new Float32Array(this.capacity * 2);
    this.gpuStart = new Float32Array(this.capacity);
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
    this.gpuFrom = g(this.gpuFrom, 2);
    this.gpuTo = g(this.gpuTo, 2);
    this.gpuStart = g(this.gpuStart, 1);
    this.from = g(this.from, 2);
    this.to = g(this.to, 2);
    this.start = g(this.start, 1);
    this.lastMove = g(this.lastMove, 1);
    this.trails.ensure(cap);
    this.capacity = cap;
  }

  /** Glide progress 0..1 of a row at `now`. */
  private progress(r: number, now: number): number {
    const t = (now - this.start[r]!) / this.durationMs;
    return t >= 1 ? 1 : t <= 0 ? 0 : t;
  }

  /** Where a row is drawn at `now` (the shader's formula, for trails, tests and diagnostics). */
  positionAt(row: number, now: number): [number, number] {
    const k = this.progress(row, now);
    const o = row * 2;
    return [this.from[o]! + (this.to[o]! - this.from[o]!) * k, this.from[o + 1]! + (this.to[o + 1]! - this.from[o + 1]!) * k];
  }

  /** Whether any row is still gliding at `now`. */
  moving(now: number): boolean {
    return now < this.glidingUntil;
  }

  /**
   * Takes the table's new targets (call when its version changed). With `snap` every row is
   * drawn at its new target at once (the same as `sync` then `land`, in one pass): used when the
   * caller already knows this batch will not glide (dense dots, a slow renderer).
   */
  sync(src: MotionSource, now: number, snap = false): void {
    this.grow(src.count);
    let changed = src.count !== this.count;
    if (!(now - this.epoch < GLIDE_REBASE_MS)) {
      this.epoch = now;
      // Finished glides stay finished: a start before −duration is the same as −duration.
      for (let r = 0; r < this.count; r++) this.gpuStart[r] = Math.max(this.start[r]! - now, -this.durationMs);
      changed = true;
    }
    const end = now + this.durationMs;
    const landed = now - this.durationMs;
    // Glides still running (a previous batch) must land too when this batch snaps.
    const wasMoving = snap && this.moving(now);
    let sdx = 0;
    let sdy = 0;
    let slat = 0;
    let moved = false;
    const { from, to, start } = this;
    const positions = src.positions;
    for (let r = 0; r < src.count; r++) {
      const o = r * 2;
      const x = positions[o]!;
      const y = positions[o + 1]!;
      const id = src.ids[r]!;
      if (r >= this.count || this.ids[r] !== id) {
        // A new unit on this row (or the last row moved here after a removal): snap.
        this.ids[r] = id;
        this.from[o] = this.to[o] = x;
        this.from[o + 1] = this.to[o + 1] = y;
        this.start[r] = now - this.durationMs;
        this.lastMove[r] = now;
        this.trails.clearRow(r);
        this.trails.push(r, x, y);
        this.writeGpu(r);
        changed = true;
        continue;
      }
      if (x === to[o] && y === to[o + 1]) {
        if (wasMoving && start[r]! > landed) this.landRow(r, landed);
        continue;
      }
      // Where the row is drawn now (positionAt, inlined: no tuple per row).
      const t = (now - start[r]!) / this.durationMs;
      const k = t >= 1 ? 1 : t <= 0 ? 0 : t;
      const fx = from[o]! + (to[o]! - from[o]!) * k;
      const fy = from[o + 1]! + (to[o + 1]! - from[o + 1]!) * k;
      const dx = Math.abs(x - fx);
      const dy = Math.abs(y - fy);
      if (dx > sdx || dy > sdy) {
        sdx = Math.max(sdx, dx);
        sdy = Math.max(sdy, dy);
        slat = y;
      }
      to[o] = x;
      to[o + 1] = y;
      if (snap) {
        from[o] = x;
        from[o + 1] = y;
        start[r] = landed;
      } else {
        from[o] = fx;
        from[o + 1] = fy;
        start[r] = now;
      }
      this.lastMove[r] = now;
      this.trails.push(r, x, y);
      this.writeGpu(r);
      changed = true;
      moved = true;
    }
    if (snap) {
      if (wasMoving) changed = true;
      this.glidingUntil = Number.NEGATIVE_INFINITY;
    } else if (moved) this.glidingUntil = end;
    this.count = src.count;
    this.ids.length = src.count;
    this.step = { dx: sdx, dy: sdy, lat: slat };
    if (changed) this.version++;
  }

  private landRow(r: number, landed: number): void {
    const o = r * 2;
    this.from[o] = this.to[o]!;
    this.from[o + 1] = this.to[o + 1]!;
    this.start[r] = Math.min(this.start[r]!, landed);
    this.writeGpu(r);
  }

  /** The largest on-screen move of the last batch in CSS pixels at `zoom` (Web Mercator, 512-pixel tiles). */
  stepPixels(zoom: number): number {
    const pxPerDeg = (512 * 2 ** zoom) / 360;
    const { dx, dy, lat } = this.step;
    return Math.max(dx, dy / Math.max(0.05, Math.cos((lat * Math.PI) / 180))) * pxPerDeg;
  }

  /**
   * Ends every running glide at once: rows are drawn at their reported positions. Used when a
   * glide would not show (sub-pixel) or the renderer cannot afford to animate.
   */
  land(now: number): void {
    if (!this.moving(now)) return;
    const landed = now - this.durationMs;
    for (let r = 0; r < this.count; r++) this.landRow(r, landed);
    this.glidingUntil = Number.NEGATIVE_INFINITY;
    this.version++;
  }

  private writeGpu(r: number): void {
    const o = r * 2;
    this.gpuFrom[o] = this.from[o]!;
    this.gpuFrom[o + 1] = this.from[o + 1]!;
    this.gpuTo[o] = this.to[o]!;
    this.gpuTo[o + 1] = this.to[o + 1]!;
    this.gpuStart[r] = Math.max(this.start[r]! - this.epoch, -this.durationMs);
  }
}

/**
 * Whether units glide between reports, and why not: a glide is drawn only when the batch
 * moves some unit by a visible amount at the current zoom and the renderer can afford it.
 */
export interface GlideState {
  on: boolean;
  reason: 'visible-moves' | 'sub-pixel' | 'slow-renderer' | 'dense-dots';
  /** The last batch's largest on-screen move, CSS pixels at the current zoom. */
  stepPx: number;
}

/** A batch whose largest move is below this many CSS pixels is drawn at its reports, without a glide. */
export const GLIDE_MIN_PX = 1;

/**
 * The glide decision for the last batch at `zoom`; `rendererFast` is false on a renderer too
 * slow to animate, `dots` when units are drawn as plain dots (many units at city zoom).
 */
export function glideDecision(motion: UnitMotion, zoom: number, rendererFast: boolean, dots = false): GlideState {
  const stepPx = motion.stepPixels(zoom);
  const reason: GlideState['reason'] = !rendererFast ? 'slow-renderer' : dots ? 'dense-dots' : stepPx < GLIDE_MIN_PX ? 'sub-pixel' : 'visible-moves';
  return { on: reason === 'visible-moves', reason, stepPx };
}

/** A unit is stale when nothing was heard of it (entity update or position report) for `staleMs`. */
export function isStale(lastHeard: number, now: number, staleMs: number): boolean {
  return now - lastHeard > staleMs;
}
