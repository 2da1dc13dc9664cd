/**
 * Everything the stream delivers, kept outside React: per-topic entity tables, the unit hot
 * table and the incident history columns. Handlers mutate and mark dirty; a single
 * requestAnimationFrame flush (see state/flush.ts) tells React once per frame.
 */
import { TOPICS, type Incident, type IncidentHistory, type Topic, type TopicEntityMap, type Unit } from '../../shared/protocol';
import { HistoryColumns } from './history';
import { UnitTable } from './unitTable';

type Tables = { [T in Topic]: Map<string, TopicEntityMap[T]> };

/** Views that keep structures derived from the stream (e.g. the map's own columns) observe the world. */
export interface WorldObserver {
  historyReset?(history: IncidentHistory | null, snapshotIncidents: readonly Incident[]): void;
  /** Every incident upsert; the observer decides what is new. */
  incident?(incident: Incident): void;
  unitUpserted?(unit: Unit): void;
  unitRemoved?(id: string): void;
  unitsCleared?(): void;
}

export class World {
  readonly tables: Tables;
  readonly versions: Record<Topic, number>;
  /**
   * Bumped when a snapshot replaces a topic's table: every entity is a new object then, so
   * anything that kept entities across deltas (an ordered camera pool) must take them again.
   */
  readonly snapshots: Record<Topic, number>;
  readonly units = new UnitTable(1024);
  readonly history = new HistoryColumns();
  /** Set by handlers (markDirty), cleared by the frame flush. */
  dirty = false;
  private observers = new Set<WorldObserver>();
  private wakers = new Set<() => void>();

  /** Something arrived: the flush and every sleeping frame loop that draws the world must run. */
  markDirty(): void {
    this.dirty = true;
    for (const w of this.wakers) w();
  }

  /** `wake` is called whenever the world changes (cheaply and often: it should only schedule a frame). Returns the function that stops it. */
  onDirty(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  /** Returns the function that stops observing. */
  observe(observer: WorldObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Replaces the incident history with a snapshot's block. */
  resetHistory(history: IncidentHistory | null, snapshotIncidents: readonly Incident[]): void {
    this.history.reset(history, snapshotIncidents);
    for (const o of this.observers) o.historyReset?.(history, snapshotIncidents);
  }

  constructor() {
    this.tables = {} as Tables;
    this.versions = {} as Record<Topic, number>;
    this.snapshots = {} as Record<Topic, number>;
    for (const t of TOPICS) {
      (this.tables as Record<Topic, Map<string, unknown>>)[t] = new Map();
      this.versions[t] = 0;
      this.snapshots[t] = 0;
    }
  }

  table<T extends Topic>(topic: T): Map<string, TopicEntityMap[T]> {
    return this.tables[topic];
  }

  replace<T extends Topic>(topic: T, entities: readonly TopicEntityMap[T][]): void {
    const m = this.tables[topic];
    m.clear();
    for (const e of entities) m.set(e.id, e);
    this.snapshots[topic]++;
    if (topic === 'units') {
      this.units.clear();
      for (const o of this.observers) o.unitsCleared?.();
      for (const u of entities as readonly TopicEntityMap['units'][]) this.upsertUnit(u);
    }
    this.touch(topic);
  }

  patch<T extends Topic>(topic: T, upserts: readonly TopicEntityMap[T][], removes: readonly string[]): void {
    const m = this.tables[topic];
    for (const e of upserts) m.set(e.id, e);
    for (const id of removes) m.delete(id);
    if (topic === 'units') {
      for (const u of upserts as readonly TopicEntityMap['units'][]) this.upsertUnit(u);
      for (const id of removes) {
        this.units.remove(id);
        for (const o of this.observers) o.unitRemoved?.(id);
      }
    }
    if (topic === 'incidents') {
      for (const inc of upserts as readonly TopicEntityMap['incidents'][]) {
        this.history.addLive(inc);
        for (const o of this.observers) o.incident?.(inc);
      }
    }
    if (upserts.length > 0 || removes.length > 0) this.touch(topic);
  }

  private upsertUnit(u: Unit): void {
    this.units.upsert(u);
    for (const o of this.observers) o.unitUpserted?.(u);
  }

  touch(topic: Topic): void {
    this.versions[topic]++;
    this.markDirty();
  }

  counts(): Record<Topic, number> {
    const out = {} as Record<Topic, number>;
    for (const t of TOPICS) out[t] = this.tables[t].size;
    return out;
  }
}

export const world = new World();
