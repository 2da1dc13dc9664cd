/**
 * Hot table of police units keyed by slot, in typed arrays that deck.gl reads directly as
 * binary attributes. Rows are dense (0..count-1); a slot maps to a row. Grown by doubling,
 * updated in place by binary position frames and unit deltas. Pure: no DOM.
 */
import {
  COORD_SCALE,
  HEADING_UNKNOWN,
  UNIT_KINDS,
  UNIT_STATUSES,
  positionRecordValid,
  type Unit,
  type UnitPositionBatch,
} from '../../shared/protocol';
import { UNIT_STATUS_RGBA, UNKNOWN_RGBA } from '../theme/colors';

/**
 * Slots below this are indexed by a typed array (the protocol asks servers for small dense
 * slots, so a position record finds its row without hashing); larger ones fall back to a Map.
 * 1M slots are 4 MiB at most, grown by doubling only as far as the largest slot seen.
 */
export const DENSE_SLOT_LIMIT = 1 << 20;

/** slot → row: an Int32Array (−1 = none) for dense slots, a Map for the rest. */
export class SlotIndex {
  private dense = new Int32Array(1024).fill(-1);
  private sparse = new Map<number, number>();

  get(slot: number): number | undefined {
    if (slot < DENSE_SLOT_LIMIT) {
      const row = slot < this.dense.length ? this.dense[slot]! : -1;
      return row < 0 ? undefined : row;
    }
    return this.sparse.get(slot);
  }

  /** The row of a slot, −1 when none: the hot path of position frames (no undefined, no hashing). */
  rowOrNone(slot: number): number {
    if (slot < this.dense.length) return this.dense[slot]!;
    return slot < DENSE_SLOT_LIMIT ? -1 : (this.sparse.get(slot) ?? -1);
  }

  set(slot: number, row: number): void {
    if (slot >= DENSE_SLOT_LIMIT) {
      this.sparse.set(slot, row);
      return;
    }
    if (slot >= this.dense.length) {
      let cap = this.dense.length;
      while (cap <= slot) cap *= 2;
      const d = new Int32Array(Math.min(cap, DENSE_SLOT_LIMIT)).fill(-1);
      d.set(this.dense);
      this.dense = d;
    }
    this.dense[slot] = row;
  }

  delete(slot: number): void {
    if (slot >= DENSE_SLOT_LIMIT) this.sparse.delete(slot);
    else if (slot < this.dense.length) this.dense[slot] = -1;
  }

  clear(): void {
    this.dense.fill(-1);
    this.sparse.clear();
  }
}

export class UnitTable {
  count = 0;
  capacity: number;
  /** Interleaved [lon, lat] per row. */
  positions: Float64Array;
  heading: Float32Array;
  status: Uint8Array;
  kind: Uint8Array;
  /** RGBA per row, from the status. */
  colors: Uint8Array;
  ids: string[] = [];
  private slotByRow: number[] = [];
  private rowBySlot = new SlotIndex();
  private rowById = new Map<string, number>();
  /** Bumped on any change: layers use it as an update trigger. */
  version = 0;
  /** Bumped when rows change owner, kind or status (upsert, remove, clear), not by position frames. */
  rowsVersion = 0;
  skippedRecords = 0;

  constructor(initialCapacity = 256) {
    this.capacity = Math.max(1, initialCapacity);
    this.positions = new Float64Array(this.capacity * 2);
    this.heading = new Float32Array(this.capacity);
    this.status = new Uint8Array(this.capacity);
    this.kind = new Uint8Array(this.capacity);
    this.colors = new Uint8Array(this.capacity * 4);
  }

  private grow(min: number): void {
    let cap = this.capacity;
    while (cap < min) cap *= 2;
    if (cap === this.capacity) return;
    const copy = <T extends Float64Array | Float32Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.positions = copy(this.positions, cap * 2);
    this.heading = copy(this.heading, cap);
    this.status = copy(this.status, cap);
    this.kind = copy(this.kind, cap);
    this.colors = copy(this.colors, cap * 4);
    this.capacity = cap;
  }

  clear(): void {
    this.count = 0;
    this.ids = [];
    this.slotByRow = [];
    this.rowBySlot.clear();
    this.rowById.clear();
    this.version++;
    this.rowsVersion++;
  }

  private setStatus(row: number, code: number): void {
    this.status[row] = code;
    const c = UNIT_STATUS_RGBA[code] ?? UNKNOWN_RGBA;
    this.colors.set(c, row * 4);
  }

  /** Inserts or updates a unit from a snapshot or delta. */
  upsert(u: Unit): void {
    let row = this.rowById.get(u.id);
    if (row === undefined) {
      // A slot reused by another id replaces that id's row.
      row = this.rowBySlot.get(u.slot);
      if (row !== undefined) {
        const oldId = this.ids[row];
        if (oldId !== undefined) this.rowById.delete(oldId);
      } else {
        this.grow(this.count + 1);
        row = this.count++;
      }
      this.ids[row] = u.id;
      this.rowById.set(u.id, row);
    }
    const oldSlot = this.slotByRow[row];
    if (oldSlot !== undefined && oldSlot !== u.slot && this.rowBySlot.get(oldSlot) === row) this.rowBySlot.delete(oldSlot);
    this.slotByRow[row] = u.slot;
    this.rowBySlot.set(u.slot, row);
    this.positions[row * 2] = u.lon;
    this.positions[row * 2 + 1] = u.lat;
    this.heading[row] = u.heading;
    this.kind[row] = Math.max(0, UNIT_KINDS.indexOf(u.kind));
    this.setStatus(row, Math.max(0, UNIT_STATUSES.indexOf(u.status)));
    this.version++;
    this.rowsVersion++;
  }

  /** Removes a unit by id, moving the last row into its place to stay dense. */
  remove(id: string): void {
    const row = this.rowById.get(id);
    if (row === undefined) return;
    const last = this.count - 1;
    const slot = this.slotByRow[row];
    const lastSlot = this.slotByRow[last];
    if (slot !== undefined && this.rowBySlot.get(slot) === row) this.rowBySlot.delete(slot);
    this.rowById.delete(id);
    if (row !== last) {
      this.positions.copyWithin(row * 2, last * 2, last * 2 + 2);
      this.heading[row] = this.heading[last]!;
      this.status[row] = this.status[last]!;
      this.kind[row] = this.kind[last]!;
      this.colors.copyWithin(row * 4, last * 4, last * 4 + 4);
      const lastId = this.ids[last]!;
      this.ids[row] = lastId;
      this.rowById.set(lastId, row);
      if (lastSlot !== undefined) {
        this.slotByRow[row] = lastSlot;
        this.rowBySlot.set(lastSlot, row);
      }
    }
    this.ids.length = last;
    this.slotByRow.length = last;
    this.count = last;
    this.version++;
    this.rowsVersion++;
  }

  /** Applies a decoded positions frame in place. Unknown slots and out-of-range records are skipped. */
  applyPositions(b: UnitPositionBatch): { applied: number; skipped: number } {
    let applied = 0;
    let skipped = 0;
    const index = this.rowBySlot;
    const positions = this.positions;
    const heading = this.heading;
    const { slot, lon, lat } = b;
    for (let i = 0; i < b.count; i++) {
      const row = index.rowOrNone(slot[i]!);
      if (row < 0 || !positionRecordValid(b, i)) {
        skipped++;
        continue;
      }
      positions[row * 2] = lon[i]! / COORD_SCALE;
      positions[row * 2 + 1] = lat[i]! / COORD_SCALE;
      const h = b.heading[i]!;
      if (h !== HEADING_UNKNOWN) heading[row] = h / 100;
      applied++;
    }
    this.skippedRecords += skipped;
    if (applied > 0) this.version++;
    return { applied, skipped };
  }

  rowOf(id: string): number | undefined {
    return this.rowById.get(id);
  }

  /** Units per status code. */
  statusCounts(): number[] {
    const out = new Array<number>(UNIT_STATUSES.length).fill(0);
    for (let i = 0; i < this.count; i++) out[this.status[i]!] = (out[this.status[i]!] ?? 0) + 1;
    return out;
  }
}
