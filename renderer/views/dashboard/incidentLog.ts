/**
 * The incident history as the dashboard counts it: time, category and district per record
 * (the heat map's HistoryColumns keeps only time, position and priority). Filled the same
 * way — the snapshot's binary history block, then each live incident the first time it is
 * seen — and bounded: records older than the retention are dropped before growing. Pure.
 */
import { DISTRICT_CODES } from '../../../shared/geo/districts';
import { INCIDENT_CATEGORIES, type Incident, type IncidentHistory } from '../../../shared/protocol';
import { DAY_MS, type IncidentColumns } from './metrics';

/** Last week's same day is the oldest thing the dashboard reads: eight days, with a margin. */
export const LOG_RETENTION_MS = 9 * DAY_MS;

const NO_INDEX = 255;

export class IncidentLog implements IncidentColumns {
  count = 0;
  capacity = 0;
  time = new Float64Array(0);
  category = new Uint8Array(0);
  district = new Uint8Array(0);
  version = 0;
  private seen = new Map<string, number>();

  constructor(private readonly retentionMs = LOG_RETENTION_MS) {}

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap < n) cap *= 2;
    const t = new Float64Array(cap);
    t.set(this.time.subarray(0, this.count));
    const c = new Uint8Array(cap);
    c.set(this.category.subarray(0, this.count));
    const d = new Uint8Array(cap);
    d.set(this.district.subarray(0, this.count));
    this.time = t;
    this.category = c;
    this.district = d;
    this.capacity = cap;
  }

  /** Drops records (and remembered ids) older than `since`, keeping order. */
  compact(since: number): void {
    let j = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.time[i]! < since) continue;
      if (i !== j) {
        this.time[j] = this.time[i]!;
        this.category[j] = this.category[i]!;
        this.district[j] = this.district[i]!;
      }
      j++;
    }
    if (j !== this.count) this.version++;
    this.count = j;
    for (const [id, t] of this.seen) if (t < since) this.seen.delete(id);
  }

  /** Replaces everything with a snapshot's history; the snapshot's incidents count as already in it. */
  reset(h: IncidentHistory | null, snapshotIncidents: readonly Pick<Incident, 'id' | 'reportedAt'>[]): void {
    this.count = 0;
    this.seen.clear();
    const n = h?.count ?? 0;
    let newest = -Infinity;
    if (h) for (let i = 0; i < n; i++) newest = Math.max(newest, h.baseTs + h.offsetS[i]! * 1000);
    const since = newest - this.retentionMs;
    this.ensure(n);
    if (h) {
      let j = 0;
      for (let i = 0; i < n; i++) {
        const t = h.baseTs + h.offsetS[i]! * 1000;
        if (t < since) continue;
        this.time[j] = t;
        this.category[j] = h.category[i]!;
        this.district[j] = h.district[i]!;
        j++;
      }
      this.count = j;
    }
    for (const inc of snapshotIncidents) this.seen.set(inc.id, inc.reportedAt);
    this.version++;
  }

  /** Appends an incident the first time it is seen; false for one already counted. */
  addLive(inc: Pick<Incident, 'id' | 'reportedAt' | 'category' | 'district'>): boolean {
    if (this.seen.has(inc.id)) return false;
    this.seen.set(inc.id, inc.reportedAt);
    if (this.count + 1 > this.capacity) this.compact(inc.reportedAt - this.retentionMs);
    this.ensure(this.count + 1);
    const i = this.count++;
    const c = INCIDENT_CATEGORIES.indexOf(inc.category);
    const d = (DISTRICT_CODES as readonly string[]).indexOf(inc.district);
    this.time[i] = inc.reportedAt;
    this.category[i] = c < 0 ? NO_INDEX : c;
    this.district[i] = d < 0 ? NO_INDEX : d;
    this.version++;
    return true;
  }
}
