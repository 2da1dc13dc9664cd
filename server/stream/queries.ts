/** Read-only queries: validation, rate limit, then the simulation answers. Any role may query. */
import {
  LIMITS,
  QUERY_TYPES,
  QueryBody,
  QueryEnvelope,
  describeZodError,
  type JournalEntry,
  type QueryResult,
} from '../../shared/protocol';
import type { Simulation } from '../simulation';
import type { TokenBucket } from './commands';

export interface QueryOutcome {
  result: QueryResult;
  /** Set when the input itself was malformed (counted as a rejected message). */
  rejected?: string;
}

/** Answers from the server's journal (status and lifecycle histories). */
export interface JournalReader {
  history(kind: 'incident' | 'alarm', id: string): JournalEntry[];
}

export function handleQuery(sim: Simulation, bucket: TokenBucket, raw: unknown, journal?: JournalReader): QueryOutcome {
  const env = QueryEnvelope.safeParse(raw);
  if (!env.success) {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
    const message = `bad query envelope: ${describeZodError(env.error)}`;
    return { result: { ok: false, id: id.slice(0, LIMITS.maxIdLength), code: 'BAD_REQUEST', message }, rejected: message };
  }
  const { id, type } = env.data;
  if (!bucket.take()) {
    return { result: { ok: false, id, code: 'RATE_LIMITED', message: `more than ${LIMITS.maxCommandsPerSecond} queries per second` } };
  }
  if (!(QUERY_TYPES as readonly string[]).includes(type)) {
    return { result: { ok: false, id, code: 'UNKNOWN_QUERY', message: `unknown query type ${type}` } };
  }
  const body = QueryBody.safeParse({ type, payload: env.data.payload });
  if (!body.success) {
    const message = `bad ${type} query: ${describeZodError(body.error)}`;
    return { result: { ok: false, id, code: 'BAD_REQUEST', message }, rejected: message };
  }
  const q = body.data;
  switch (q.type) {
    case 'drainage.trend': {
      const r = sim.drainageTrend(q.payload.hours, q.payload.sensorIds);
      // An unknown sensor id is a bad request: queries have no NOT_FOUND code.
      if (!r.ok) return { result: { ok: false, id, code: 'BAD_REQUEST', message: r.message } };
      return { result: { ok: true, id, result: r.result } };
    }
    case 'incident.nearby': {
      const r = sim.nearby(q.payload.incidentId, q.payload.limit ?? 8);
      if (!r.ok) return { result: { ok: false, id, code: 'BAD_REQUEST', message: r.message } };
      return { result: { ok: true, id, result: r.result } };
    }
    case 'incident.history':
    case 'alarm.history': {
      const key = q.type === 'incident.history' ? q.payload.incidentId : q.payload.alarmId;
      const entries = journal?.history(q.type === 'incident.history' ? 'incident' : 'alarm', key) ?? [];
      return { result: { ok: true, id, result: { id: key, entries } } };
    }
    case 'alarm.stats':
      return { result: { ok: true, id, result: sim.alarmStats(q.payload.hours ?? 12) } };
  }
}
