/**
 * Read-only queries: event `query` {id, type, payload} with a socket.io acknowledgement
 * carrying a QueryResult. Any role may query. Used for data too bulky or too rarely
 * needed to travel in every snapshot, such as sensor trends.
 */
import { z } from 'zod';
import { EpochMs, Id, Text } from './entities';
import { LIMITS } from './limits';

export const DrainageTrendQuery = z.object({
  type: z.literal('drainage.trend'),
  /** Hours back from now, 1..24; sensorIds omitted = every sensor. */
  payload: z.object({ hours: z.number().int().min(1).max(24), sensorIds: z.array(Id).max(1000).optional() }),
});
/** Nearest dispatchable units (not 出警) and nearest cameras to an incident, with distance and ETA. */
export const IncidentNearbyQuery = z.object({
  type: z.literal('incident.nearby'),
  payload: z.object({ incidentId: Id, limit: z.number().int().min(1).max(50).optional() }),
});
/** An incident's status history and dispatches, from the server's journal. */
export const IncidentHistoryQuery = z.object({
  type: z.literal('incident.history'),
  payload: z.object({ incidentId: Id }),
});
/** An alarm's lifecycle events (raised, re-raised, escalated, acknowledged, cleared), from the journal. */
export const AlarmHistoryQuery = z.object({
  type: z.literal('alarm.history'),
  payload: z.object({ alarmId: Id }),
});
/** Alarm load for the shift lead: raised per hour and time to acknowledge. */
export const AlarmStatsQuery = z.object({
  type: z.literal('alarm.stats'),
  payload: z.object({ hours: z.number().int().min(1).max(24).optional() }),
});
export const QueryBody = z.discriminatedUnion('type', [
  DrainageTrendQuery,
  IncidentNearbyQuery,
  IncidentHistoryQuery,
  AlarmHistoryQuery,
  AlarmStatsQuery,
]);
export const QueryEnvelope = z.object({ id: Id, type: z.string().max(64), payload: z.unknown() });
export const QUERY_TYPES = ['drainage.trend', 'incident.nearby', 'incident.history', 'alarm.history', 'alarm.stats'] as const;

export const NearbyResult = z.object({
  incidentId: Id,
  units: z
    .array(
      z.object({
        id: Id,
        callsign: Text,
        status: z.string().max(32),
        kind: z.string().max(32),
        distanceM: z.number().min(0),
        /** Estimated travel time, seconds (straight line × 1.4 road factor at the unit's dispatch speed). */
        etaS: z.number().min(0),
      }),
    )
    .max(50),
  cameras: z
    .array(z.object({ id: Id, name: Text, kind: z.string().max(32), online: z.boolean(), distanceM: z.number().min(0) }))
    .max(50),
});
export type NearbyResult = z.infer<typeof NearbyResult>;

export const JournalEntry = z.object({
  at: EpochMs,
  /** incident: new/dispatched/on_scene/closed/dispatch; alarm: raised/reraised/escalated/acknowledged/cleared/suppressed; city event: assigned/in_progress/closed. */
  kind: z.string().max(32),
  actor: Text.nullable(),
  note: Text.nullable(),
  /** For dispatch: the unit; for escalated: the new severity. */
  ref: Text.nullable(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;
export const HistoryResult = z.object({ id: Id, entries: z.array(JournalEntry).max(10_000) });
export type HistoryResult = z.infer<typeof HistoryResult>;

export const AlarmStats = z.object({
  from: EpochMs,
  /** Alarms raised per hour, oldest first, one per hour from `from`. */
  perHour: z.array(z.number().int().min(0)).max(24),
  /** Time to acknowledge of the alarms acknowledged in the window, seconds; null without any. */
  ackP50S: z.number().min(0).nullable(),
  ackP90S: z.number().min(0).nullable(),
  acked: z.number().int().min(0),
  active: z.number().int().min(0),
  escalated: z.number().int().min(0),
  suppressed: z.number().int().min(0),
  situations: z.number().int().min(0),
});
export type AlarmStats = z.infer<typeof AlarmStats>;

/** Samples at a fixed step; null where the sensor did not report in that step. */
export const DrainageTrend = z.object({
  /** Time of the first sample, epoch ms. */
  from: EpochMs,
  /** Seconds between samples. */
  stepS: z.number().int().min(1).max(3600),
  sensors: z
    .array(
      z.object({
        id: Id,
        /** Water level, metres, one per step. */
        level: z.array(z.number().nullable()).max(24 * 3600),
        /** Flow, m³/s, one per step. */
        flow: z.array(z.number().nullable()).max(24 * 3600),
      }),
    )
    .max(LIMITS.maxSnapshotEntities),
});
export type DrainageTrend = z.infer<typeof DrainageTrend>;

export const QUERY_ERRORS = ['BAD_REQUEST', 'UNKNOWN_QUERY', 'RATE_LIMITED', 'INTERNAL'] as const;
export type QueryResult =
  | { ok: true; id: string; result: unknown }
  | { ok: false; id: string; code: (typeof QUERY_ERRORS)[number]; message: string };
