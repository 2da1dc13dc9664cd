/**
 * Read-only queries: event `query` {id, type, payload} with a socket.io acknowledgement
 * carrying a QueryResult. Any role may query. Used for data too bulky or too rarely
 * needed to travel in every snapshot, such as sensor trends.
 */
import { z } from 'zod';
import { EpochMs, Id } from './entities';
import { LIMITS } from './limits';

export const DrainageTrendQuery = z.object({
  type: z.literal('drainage.trend'),
  /** Hours back from now, 1..24; sensorIds omitted = every sensor. */
  payload: z.object({ hours: z.number().int().min(1).max(24), sensorIds: z.array(Id).max(1000).optional() }),
});
export const QueryBody = z.discriminatedUnion('type', [DrainageTrendQuery]);
export const QueryEnvelope = z.object({ id: Id, type: z.string().max(64), payload: z.unknown() });
export const QUERY_TYPES = ['drainage.trend'] as const;

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
