/**
 * Everything the stream delivers, kept outside React: per-topic entity tables, the unit hot
 * table and the incident history columns. Handlers mutate and mark dirty; a single
 * requestAnimationFrame flush (see state/flush.ts) tells React once per frame.
 */
import { TOPICS, type Topic, type TopicEntityMap } from '../../shared/protocol';
import { HistoryColumns } from './history';
import { UnitTable } from './unitTable';

type Tables = { [T in Topic]: Map<string, TopicEntityMap[T]> };

export class World {
  readonly tables: Tables;
  readonly versions: Record<Topic, number>;
  readonly units = new UnitTable(1024);
  readonly history = new HistoryColumns();
  /** Set by handlers, cleared by the frame flush. */
  dirty = false;

  constructor() {
    this.tables = {} as Tables;
    this.versions = {} as Record<Topic, number>;
    for (const t of TOPICS) {
      (this.tables as Record<Topic, Map<string, unknown>>)[t] = new Map();
      this.versions[t] = 0;
    }
  }

  table<T extends Topic>(topic: T): Map<string, TopicEntityMap[T]> {
    return this.tables[topic];
  }

  replace<T extends Topic>(topic: T, entities: readonly TopicEntityMap[T][]): void {
    const m = this.tables[topic];
    m.clear();
    for (const e of entities) m.set(e.id, e);
    if (topic === 'units') {
      this.units.clear();
      for (const u of entities as readonly TopicEntityMap['units'][]) this.units.upsert(u);
    }
    this.touch(topic);
  }

  patch<T extends Topic>(topic: T, upserts: readonly TopicEntityMap[T][], removes: readonly string[]): void {
    const m = this.tables[topic];
    for (const e of upserts) m.set(e.id, e);
    for (const id of removes) m.delete(id);
    if (topic === 'units') {
      for (const u of upserts as readonly TopicEntityMap['units'][]) this.units.upsert(u);
      for (const id of removes) this.units.remove(id);
    }
    if (topic === 'incidents') {
      for (const inc of upserts as readonly TopicEntityMap['incidents'][]) this.history.addLive(inc);
    }
    if (upserts.length > 0 || removes.length > 0) this.touch(topic);
  }

  touch(topic: Topic): void {
    this.versions[topic]++;
    this.dirty = true;
  }

  counts(): Record<Topic, number> {
    const out = {} as Record<Topic, number>;
    for (const t of TOPICS) out[t] = this.tables[t].size;
    return out;
  }
}

export const world = new World();
