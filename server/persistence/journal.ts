/**
 * The server's journal: what operators and sources did to alarms, incidents and city events,
 * kept in memory for the console's queries and written to the embedded database so a
 * restart loses nothing. Fed by the alarm book's events, by commands (with who did it) and by
 * the simulation's drained changes (what happened by itself).
 */
import type { Alarm, CityEvent, CommandResult, Incident, JournalEntry, WallCommandState } from '../../shared/protocol';
import type { AlarmEvent } from '../alarms';
import { log } from '../log';
import { openDatabase, type Db } from './db';
import { EMPTY_WALLS, restoreWalls, WALL_SQL, type RestoredWalls, type StoredWallScene, type WallSink } from './walls';
import { BatchWriter, type WriterHealth } from './writer';

const HOUR = 3_600_000;
/** Cleared alarms restored after a restart while this recent (the topic keeps them 3 h too). */
const RESTORE_CLEARED_MS = 3 * HOUR;
const MAX_MEMORY_KEYS = 20_000;
const MAX_ENTRIES_PER_KEY = 500;

export type JournalKind = 'alarm' | 'incident' | 'city-event';

export interface PersistenceHealth extends WriterHealth {
  mode: 'disk' | 'memory' | 'off';
  openMs: number | null;
  restored: { alarms: number; commands: number; entries: number; wallCommands: number };
}

export interface Restored {
  alarms: Alarm[];
  commands: CommandResult[];
  walls: RestoredWalls;
}

export class Journal implements WallSink {
  private memory = new Map<string, JournalEntry[]>();
  private incidents = new Map<string, { status: string; units: Set<string> }>();
  private events = new Map<string, { status: string; responsible: string }>();
  private writer = new BatchWriter();
  private db: Db | null = null;
  private openMs: number | null = null;
  private restoredCounts = { alarms: 0, commands: 0, entries: 0, wallCommands: 0 };

  constructor(
    /** Tag of this run: incident and event ids are only unique within a run of the simulation. */
    private readonly run: string,
    private readonly mode: 'disk' | 'memory' | 'off',
  ) {}

  /** Opens the database and reads back what earlier runs left. Never throws: failures are logged and surfaced. */
  async open(dataDir: string | null, now: number): Promise<Restored> {
    if (this.mode === 'off') return { alarms: [], commands: [], walls: EMPTY_WALLS };
    try {
      const { db, openMs, migrated } = await openDatabase(this.mode === 'disk' ? dataDir : null);
      this.db = db;
      this.openMs = openMs;
      log.info('persistence: open', { mode: this.mode, dir: dataDir ?? undefined, ms: openMs, migrated: migrated.join(',') || 'none' });
      const restored = await this.restore(db, now);
      this.writer.attach(db);
      return restored;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.writer.health.lastError = `open failed: ${message.slice(0, 300)}`;
      log.error('persistence: could not open the database; running without it', { error: message.slice(0, 300) });
      return { alarms: [], commands: [], walls: EMPTY_WALLS };
    }
  }

  private async restore(db: Db, now: number): Promise<Restored> {
    const alarms = (
      await db.query<{ entity: Alarm }>(
        `select entity from alarms where state <> 'cleared' or updated_at >= $1 order by raised_at limit 20000`,
        [now - RESTORE_CLEARED_MS],
      )
    ).rows.map((r) => r.entity);
    const ids = alarms.map((a) => a.id);
    const entries =
      ids.length === 0
        ? []
        : (
            await db.query<{ entity_id: string; at: string; event: string; actor: string | null; note: string | null; ref: string | null }>(
              `select entity_id, at, event, actor, note, ref from journal where kind = 'alarm' and entity_id = any($1) order by seq`,
              [ids],
            )
          ).rows;
    for (const r of entries) this.remember('alarm', r.entity_id, { at: Number(r.at), kind: r.event, actor: r.actor, note: r.note, ref: r.ref });
    const commands = (
      await db.query<{ result: CommandResult }>(`select result from command_results where at >= $1 order by at limit 10000`, [now - 24 * HOUR])
    ).rows.map((r) => r.result);
    const walls = await restoreWalls(db);
    this.restoredCounts = { alarms: alarms.length, commands: commands.length, entries: entries.length, wallCommands: walls.commands.length };
    log.info('persistence: restored', this.restoredCounts);
    return { alarms, commands, walls };
  }

  /** Incident and event states at start: only changes after this are journaled. */
  baseline(incidents: Iterable<Incident>, events: Iterable<CityEvent>): void {
    for (const e of incidents) this.incidents.set(e.id, { status: e.status, units: new Set(e.unitIds) });
    for (const e of events) this.events.set(e.id, { status: e.status, responsible: e.responsible });
  }

  alarmEvent(e: AlarmEvent): void {
    this.append('alarm', e.alarmId, { at: e.at, kind: e.kind, actor: e.actor, note: e.note, ref: e.ref });
  }

  alarmsChanged(alarms: readonly Alarm[], now: number): void {
    for (const a of alarms) {
      this.writer.push(
        `insert into alarms (id, source, source_id, state, raised_at, updated_at, entity) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update set state = excluded.state, updated_at = excluded.updated_at, entity = excluded.entity`,
        [a.id, a.source, a.sourceId, a.state, a.raisedAt, now, a],
      );
    }
  }

  /** An incident as it is now; journals status changes and newly sent units. */
  incidentChanged(e: Incident, now: number, actor: string | null = null, note: string | null = null): void {
    const prev = this.incidents.get(e.id);
    if (!prev) this.append('incident', e.id, { at: e.reportedAt, kind: 'new', actor: null, note: null, ref: null });
    const units = prev?.units ?? new Set<string>();
    for (const u of e.unitIds) {
      if (units.has(u)) continue;
      this.append('incident', e.id, { at: now, kind: 'dispatch', actor, note: null, ref: u });
      this.writer.push('insert into dispatches (run, incident_id, unit_id, at, actor) values ($1, $2, $3, $4, $5) on conflict do nothing', [
        this.run,
        e.id,
        u,
        now,
        actor,
      ]);
    }
    if (prev?.status !== e.status && e.status !== 'new') {
      this.append('incident', e.id, { at: e.closedAt ?? now, kind: e.status, actor, note, ref: null });
    }
    // Kept after closure until the incident is removed, so a later upsert of the closed
    // incident is not journaled as new again.
    this.incidents.set(e.id, { status: e.status, units: new Set(e.unitIds) });
    this.writer.push(
      `insert into incidents (run, id, updated_at, entity) values ($1, $2, $3, $4)
       on conflict (run, id) do update set updated_at = excluded.updated_at, entity = excluded.entity`,
      [this.run, e.id, now, e],
    );
  }

  /** The simulation dropped these entities: stop tracking them. */
  forget(incidentIds: readonly string[], eventIds: readonly string[]): void {
    for (const id of incidentIds) this.incidents.delete(id);
    for (const id of eventIds) this.events.delete(id);
  }

  cityEventChanged(e: CityEvent, now: number, actor: string | null = null, note: string | null = null): void {
    const prev = this.events.get(e.id);
    if (!prev || prev.status !== e.status || prev.responsible !== e.responsible) {
      this.append('city-event', e.id, { at: e.updatedAt, kind: e.status, actor, note, ref: e.responsible });
    }
    this.events.set(e.id, { status: e.status, responsible: e.responsible });
    this.writer.push(
      `insert into city_events (run, id, updated_at, entity) values ($1, $2, $3, $4)
       on conflict (run, id) do update set updated_at = excluded.updated_at, entity = excluded.entity`,
      [this.run, e.id, now, e],
    );
  }

  commandApplied(id: string, type: string, actor: string, payload: unknown, result: CommandResult, now: number): void {
    this.writer.push(
      `insert into command_results (id, type, actor, at, payload, result) values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
      [id, type, actor, now, payload ?? null, result],
    );
  }

  wallCommandChanged(wallId: string, c: WallCommandState, now: number): void {
    this.writer.push(WALL_SQL.upsertCommand, [c.commandId, wallId, c.state, now, c]);
  }

  wallCommandsDropped(commandIds: readonly string[]): void {
    if (commandIds.length > 0) this.writer.push(WALL_SQL.deleteCommands, [[...commandIds]]);
  }

  wallSceneChanged(w: StoredWallScene): void {
    this.writer.push(WALL_SQL.upsertScene, [w.id, w.scene, w.updatedAt, w.updatedBy]);
  }

  history(kind: 'incident' | 'alarm', id: string): JournalEntry[] {
    return [...(this.memory.get(`${kind}:${id}`) ?? [])];
  }

  private append(kind: JournalKind, id: string, entry: JournalEntry): void {
    this.remember(kind, id, entry);
    this.writer.push('insert into journal (run, kind, entity_id, at, event, actor, note, ref) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      this.run,
      kind,
      id,
      entry.at,
      entry.kind,
      entry.actor,
      entry.note,
      entry.ref,
    ]);
  }

  private remember(kind: JournalKind, id: string, entry: JournalEntry): void {
    const k = `${kind}:${id}`;
    let list = this.memory.get(k);
    if (!list) {
      list = [];
      this.memory.set(k, list);
      // Oldest keys first out: the console asks about what is on screen now.
      if (this.memory.size > MAX_MEMORY_KEYS) this.memory.delete(this.memory.keys().next().value!);
    }
    list.push(entry);
    if (list.length > MAX_ENTRIES_PER_KEY) list.shift();
  }

  health(): PersistenceHealth {
    return { ...this.writer.health, mode: this.mode, openMs: this.openMs, restored: { ...this.restoredCounts } };
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async close(): Promise<void> {
    await this.writer.close();
    const db = this.db;
    this.db = null;
    if (db) await db.close().catch((e: unknown) => log.warn('persistence: close failed', { error: String(e) }));
  }
}
