/**
 * Incident history as columns (heat map, dashboard counts): the snapshot's binary history
 * block, plus live incidents appended the first time a delta shows them. Pure: no DOM.
 */
import { COORD_SCALE, INCIDENT_CATEGORIES, historyRecordValid, type Incident, type IncidentHistory } from '../../shared/protocol';
import { DISTRICT_CODES } from '../../shared/geo/districts';

export class HistoryColumns {
  count = 0;
  capacity = 0;
  /** Epoch ms per record. */
  time = new Float64Array(0);
  /** Interleaved [lon, lat]. */
  positions = new Float32Array(0);
  priority = new Uint8Array(0);
  /** Index into INCIDENT_CATEGORIES. */
  category = new Uint8Array(0);
  /** Index into DISTRICT_CODES. */
  district = new Uint8Array(0);
  version = 0;
  /** Records of the last history block that failed their range check and were skipped. */
  skipped = 0;
  /** Ids of live incidents already appended, with their time, so repeats are not counted twice. */
  private seenLive = new Map<string, number>();
  /** How far back records are kept when live appends would grow the columns: the snapshot's span, at least a week. */
  private retentionMs = 7 * 86_400_000;

  /** Drops records (and remembered ids) older than `since`, keeping order. */
  compact(since: number): void {
    let j = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.time[i]! < since) continue;
      if (i !== j) {
        this.time[j] = this.time[i]!;
        this.positions[j * 2] = this.positions[i * 2]!;
        this.positions[j * 2 + 1] = this.positions[i * 2 + 1]!;
        this.priority[j] = this.priority[i]!;
        this.category[j] = this.category[i]!;
        this.district[j] = this.district[i]!;
      }
      j++;
    }
    if (j !== this.count) this.version++;
    this.count = j;
    for (const [id, t] of this.seenLive) if (t < since) this.seenLive.delete(id);
  }

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap < n) cap *= 2;
    const t = new Float64Array(cap);
    t.set(this.time.subarray(0, this.count));
    const p = new Float32Array(cap * 2);
    p.set(this.positions.subarray(0, this.count * 2));
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.time = t;
    this.positions = p;
    this.priority = grow8(this.priority);
    this.category = grow8(this.category);
    this.district = grow8(this.district);
    this.capacity = cap;
  }

  /** Replaces everything with a snapshot's history; the snapshot's live incidents count as seen. */
  reset(h: IncidentHistory | null, snapshotIncidents: readonly Incident[]): void {
    this.count = 0;
    this.seenLive.clear();
    const n = h?.count ?? 0;
    if (h && n > 0) {
      let newest = h.baseTs;
      for (let i = 0; i < n; i++) newest = Math.max(newest, h.baseTs + h.offsetS[i]! * 1000);
      this.retentionMs = Math.max(7 * 86_400_000, newest - h.baseTs);
    }
    this.ensure(n);
    this.skipped = 0;
    if (h) {
      let j = 0;
      for (let i = 0; i < n; i++) {
        if (!historyRecordValid(h, i)) {
          this.skipped++;
          continue;
        }
        this.time[j] = h.baseTs + h.offsetS[i]! * 1000;
        this.positions[j * 2] = h.lon[i]! / COORD_SCALE;
        this.positions[j * 2 + 1] = h.lat[i]! / COORD_SCALE;
        this.priority[j] = h.priority[i]!;
        this.category[j] = h.category[i]!;
        this.district[j] = h.district[i]!;
        j++;
      }
      this.count = j;
    }
    // Incidents open at snapshot time are assumed to be in the history block already.
    for (const inc of snapshotIncidents) this.seenLive.set(inc.id, inc.reportedAt);
    this.version++;
  }

  /** Appends an incident the first time it is seen after the snapshot. */
  addLive(inc: Incident): boolean {
    if (this.seenLive.has(inc.id)) return false;
    this.seenLive.set(inc.id, inc.reportedAt);
    // Before growing, drop what has aged out: a wall runs for months between snapshots.
    if (this.count + 1 > this.capacity) this.compact(inc.reportedAt - this.retentionMs);
    this.ensure(this.count + 1);
    const i = this.count++;
    this.time[i] = inc.reportedAt;
    this.positions[i * 2] = inc.lon;
    this.positions[i * 2 + 1] = inc.lat;
    this.priority[i] = inc.priority;
    this.category[i] = INCIDENT_CATEGORIES.indexOf(inc.category);
    this.district[i] = DISTRICT_CODES.indexOf(inc.district);
    this.version++;
    return true;
  }

  /** Indices of records with time >= since (records are not assumed sorted). */
  indicesSince(since: number): Uint32Array {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.time[i]! >= since) n++;
    const out = new Uint32Array(n);
    let j = 0;
    for (let i = 0; i < this.count; i++) if (this.time[i]! >= since) out[j++] = i;
    return out;
  }
}
