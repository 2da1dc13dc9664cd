/**
 * The alarm model shared by every source (drainage, face hit, incident, camera, city event):
 * de-duplication, lifecycle active → acknowledged → cleared, escalation of alarms left
 * unacknowledged, correlation into situations, chatter suppression. Pure: time comes from
 * the caller, changes are reported through `onChange` so the owner can publish them.
 */
import type { Alarm } from '../../shared/protocol';
import { LIMITS } from '../../shared/protocol';
import { approxDistanceM } from './geo';

const MIN = 60_000;

export interface AlarmPolicy {
  /** A source raising again within this long after its alarm cleared reopens the same alarm. */
  reRaiseWindowMs: number;
  /** More than `chatterMaxRaises` raises within `chatterWindowMs`: further raises are only counted. */
  chatterWindowMs: number;
  chatterMaxRaises: number;
  /** Unacknowledged for this long (by severity): severity goes up one step, once. */
  escalateAfterMs: Record<Alarm['severity'], number>;
  /** Alarms within this distance and time of an open alarm join its situation. */
  correlateMetres: number;
  correlateMs: number;
}

export const DEFAULT_POLICY: AlarmPolicy = {
  reRaiseWindowMs: 10 * MIN,
  chatterWindowMs: 30 * MIN,
  chatterMaxRaises: 3,
  escalateAfterMs: { critical: 5 * MIN, major: 10 * MIN, minor: 30 * MIN, info: 60 * MIN },
  correlateMetres: 500,
  correlateMs: 15 * MIN,
};

const UP: Record<Alarm['severity'], Alarm['severity']> = { info: 'minor', minor: 'major', major: 'critical', critical: 'critical' };

export type AlarmRaise = Pick<Alarm, 'source' | 'sourceId' | 'severity' | 'title' | 'lon' | 'lat' | 'district' | 'raisedAt'>;

export type AlarmEventKind = 'raised' | 'reraised' | 'suppressed' | 'escalated' | 'acknowledged' | 'cleared';
export interface AlarmEvent {
  alarmId: string;
  at: number;
  kind: AlarmEventKind;
  actor: string | null;
  note: string | null;
  ref: string | null;
}

export type BookResult =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

export interface AlarmBookOptions {
  /** The live alarm entities, by id (owned by the caller's topic store). */
  store: Map<string, Alarm>;
  now: () => number;
  /** New alarm id; unique across restarts (the caller includes a run tag). */
  newId: () => string;
  onChange: (a: Alarm) => void;
  onEvent?: (e: AlarmEvent) => void;
  policy?: AlarmPolicy;
}

export type AlarmBook = ReturnType<typeof createAlarmBook>;

export function createAlarmBook(opts: AlarmBookOptions) {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const { store } = opts;
  /** Open or recently cleared alarm per source entity, for de-duplication. */
  const byKey = new Map<string, string>();
  /** Raise times per source entity within the chatter window. */
  const raises = new Map<string, number[]>();
  /** Open alarms with a position, oldest first: the candidates for correlation. */
  const located = new Set<string>();
  let situationSeq = 0;

  const key = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;
  const emit = (alarmId: string, at: number, kind: AlarmEventKind, actor: string | null = null, note: string | null = null, ref: string | null = null) =>
    opts.onEvent?.({ alarmId, at, kind, actor, note, ref });

  function chatter(k: string, t: number): boolean {
    const list = (raises.get(k) ?? []).filter((x) => t - x < policy.chatterWindowMs);
    list.push(t);
    raises.set(k, list);
    return list.length > policy.chatterMaxRaises;
  }

  function correlate(a: Alarm): void {
    if (a.lon === null || a.lat === null) return;
    let best: Alarm | null = null;
    for (const id of located) {
      const o = store.get(id);
      if (!o || o.state === 'cleared' || o.id === a.id || o.lon === null || o.lat === null) continue;
      if (Math.abs((o.lastRaisedAt ?? o.raisedAt) - a.raisedAt) > policy.correlateMs) continue;
      if (approxDistanceM(a.lon, a.lat, o.lon, o.lat) > policy.correlateMetres) continue;
      if (!best || o.raisedAt < best.raisedAt) best = o;
    }
    if (best) {
      if (!best.situationId) {
        best.situationId = `sit-${best.id}`;
        situationSeq++;
        opts.onChange(best);
      }
      a.situationId = best.situationId;
    }
    located.add(a.id);
  }

  function index(a: Alarm): void {
    byKey.set(key(a.source, a.sourceId), a.id);
    if (a.state !== 'cleared' && a.lon !== null && a.lat !== null) located.add(a.id);
  }

  return {
    policy,

    /** Raises an alarm, or counts a repeat onto the open (or just cleared) one of the same source entity. */
    raise(input: AlarmRaise): string {
      const t = input.raisedAt;
      const k = key(input.source, input.sourceId);
      const chattering = chatter(k, t);
      const prevId = byKey.get(k);
      const prev = prevId ? store.get(prevId) : undefined;
      if (prev && (prev.state !== 'cleared' || (prev.clearedAt !== null && t - prev.clearedAt <= policy.reRaiseWindowMs))) {
        prev.lastRaisedAt = Math.max(prev.lastRaisedAt ?? prev.raisedAt, t);
        if (chattering && prev.state === 'cleared') {
          // Chattering: stays cleared, the swallowed raise shows as a count.
          prev.suppressedCount = (prev.suppressedCount ?? 0) + 1;
          emit(prev.id, t, 'suppressed');
        } else {
          prev.raiseCount = (prev.raiseCount ?? 1) + 1;
          if (prev.state === 'cleared') {
            Object.assign(prev, { state: 'active', ackBy: null, ackAt: null, ackNote: null, clearedAt: null, clearedBy: null });
            located.add(prev.id);
          }
          if (severityRank(input.severity) < severityRank(prev.severity)) prev.severity = input.severity;
          prev.title = input.title;
          emit(prev.id, t, 'reraised', null, null, String(prev.raiseCount));
        }
        opts.onChange(prev);
        return prev.id;
      }
      const a: Alarm = {
        ...input,
        id: opts.newId(),
        state: 'active',
        ackBy: null,
        ackAt: null,
        ackNote: null,
        clearedAt: null,
        situationId: null,
        escalatedAt: null,
        raiseCount: 1,
        suppressedCount: 0,
        lastRaisedAt: t,
        clearedBy: null,
      };
      store.set(a.id, a);
      byKey.set(k, a.id);
      correlate(a);
      emit(a.id, t, 'raised', null, null, a.severity);
      opts.onChange(a);
      return a.id;
    },

    /** Puts back an alarm from storage (after a restart); keeps its id and state. */
    restore(a: Alarm): void {
      if (store.has(a.id)) return;
      store.set(a.id, a);
      const k = key(a.source, a.sourceId);
      const cur = byKey.get(k);
      if (!cur || !store.has(cur) || store.get(cur)!.state === 'cleared') index(a);
      else if (a.lon !== null && a.lat !== null && a.state !== 'cleared') located.add(a.id);
      opts.onChange(a);
    },

    ack(id: string, by: string, note: string | null): BookResult {
      const a = store.get(id);
      if (!a) return { ok: false, code: 'NOT_FOUND', message: `alarm ${id} not found` };
      if (a.state === 'cleared') return { ok: false, code: 'CONFLICT', message: `alarm ${id} is already cleared` };
      if (a.state === 'active') {
        a.state = 'acknowledged';
        a.ackBy = by.slice(0, LIMITS.maxStringLength);
        a.ackAt = opts.now();
        a.ackNote = note;
        emit(a.id, a.ackAt, 'acknowledged', a.ackBy, note);
        opts.onChange(a);
      }
      return { ok: true, result: { alarm: { ...a } } };
    },

    /** Acknowledges every open alarm of a situation at once. */
    ackSituation(situationId: string, by: string, note: string | null): BookResult {
      const members = [...store.values()].filter((a) => a.situationId === situationId);
      if (members.length === 0) return { ok: false, code: 'NOT_FOUND', message: `situation ${situationId} not found` };
      const acked: string[] = [];
      for (const a of members) {
        if (a.state !== 'active') continue;
        this.ack(a.id, by, note);
        acked.push(a.id);
      }
      return { ok: true, result: { situationId, acknowledged: acked, members: members.map((a) => a.id) } };
    },

    /** Clears an alarm: by its source (actor null) or by hand (alarm.clear). */
    clear(id: string | null, actor: string | null = null, note: string | null = null): BookResult {
      if (!id) return { ok: false, code: 'NOT_FOUND', message: 'no alarm' };
      const a = store.get(id);
      if (!a) return { ok: false, code: 'NOT_FOUND', message: `alarm ${id} not found` };
      if (a.state === 'cleared') return { ok: false, code: 'CONFLICT', message: `alarm ${id} is already cleared` };
      a.state = 'cleared';
      a.clearedAt = opts.now();
      a.clearedBy = actor?.slice(0, LIMITS.maxStringLength) ?? null;
      located.delete(a.id);
      emit(a.id, a.clearedAt, 'cleared', a.clearedBy, note);
      opts.onChange(a);
      return { ok: true, result: { alarm: { ...a } } };
    },

    /** Escalates alarms left active too long. Call every step. */
    step(): void {
      const t = opts.now();
      for (const a of store.values()) {
        if (a.state !== 'active' || a.escalatedAt || a.severity === 'critical') continue;
        if (t - a.raisedAt < policy.escalateAfterMs[a.severity]) continue;
        a.severity = UP[a.severity];
        a.escalatedAt = t;
        emit(a.id, t, 'escalated', null, null, a.severity);
        opts.onChange(a);
      }
      for (const [k, list] of raises) if (t - list[list.length - 1]! >= policy.chatterWindowMs) raises.delete(k);
    },

    /** Forgets a removed alarm. */
    forget(id: string): void {
      const a = store.get(id);
      located.delete(id);
      if (a && byKey.get(key(a.source, a.sourceId)) === id) byKey.delete(key(a.source, a.sourceId));
    },

    situations(): number {
      return situationSeq;
    },
  };
}

function severityRank(s: Alarm['severity']): number {
  return { critical: 0, major: 1, minor: 2, info: 3 }[s];
}
