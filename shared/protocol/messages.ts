/**
 * Message envelopes of protocol v1 (socket.io event payloads) and the handshake.
 * docs/protocol.md is the prose version of this file.
 */
import { z } from 'zod';
import { TOPICS } from './topics';
import { EpochMs, Id, Text } from './entities';
import { LIMITS } from './limits';

export const ROLES = ['wall', 'console', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** socket.io `auth` object sent with the connection. */
export const Handshake = z.object({
  token: z.string().min(1).max(256),
  role: z.enum(ROLES),
  protocol: z.number().int(),
  /** Free-form client description for the server's logs, e.g. "qujing-wall/0.1.0 map". */
  client: z.string().max(128).optional(),
});
export type Handshake = z.infer<typeof Handshake>;

/** Event names. */
export const EV = {
  hello: 'hello',
  snapshot: 'snapshot',
  delta: 'delta',
  positions: 'positions',
  subscribe: 'subscribe',
  resync: 'resync',
  command: 'command',
  query: 'query',
} as const;

export const TopicName = z.enum(TOPICS);
const Seq = z.number().int().min(0).max(0xffffffff);

export const Hello = z.object({
  protocol: z.number().int(),
  serverVersion: Text,
  serverTime: EpochMs,
  role: z.enum(ROLES),
  /** Topics the server offers. Plain strings: a newer server may offer topics this client does not know. */
  topics: z.array(z.string().max(64)).max(64),
  /** True when the server is the built-in simulation (demo mode). */
  demo: z.boolean(),
});
export type Hello = z.infer<typeof Hello>;

/** Entities stay `unknown` here: each one is validated on its own so one bad entity drops alone. */
export const SnapshotEnvelope = z.object({
  topic: TopicName,
  seq: Seq,
  ts: EpochMs,
  entities: z.array(z.unknown()).max(LIMITS.maxSnapshotEntities),
  /** Incidents only: the binary incident history (frame type 2). */
  history: z.unknown().optional(),
  /** Cameras only: stream templates the cameras refer to (streamTemplates.ts), validated per key. */
  streamTemplates: z.unknown().optional(),
});
export type SnapshotEnvelope = z.infer<typeof SnapshotEnvelope>;

export const DeltaEnvelope = z.object({
  topic: TopicName,
  seq: Seq,
  ts: EpochMs,
  upserts: z.array(z.unknown()).max(LIMITS.maxDeltaItems),
  removes: z.array(Id).max(LIMITS.maxDeltaItems),
  /** Cameras only: templates added since the snapshot (new keys only). */
  streamTemplates: z.unknown().optional(),
});
export type DeltaEnvelope = z.infer<typeof DeltaEnvelope>;

export const SubscribeRequest = z.object({ topics: z.array(TopicName).min(1).max(TOPICS.length) });
export const ResyncRequest = z.object({ topic: TopicName, reason: z.string().max(LIMITS.maxStringLength).optional() });

/** Errors a connection attempt can fail with (socket.io `connect_error`, in `err.data.code`). */
export const HANDSHAKE_ERRORS = ['AUTH_REQUIRED', 'AUTH_INVALID', 'ROLE_FORBIDDEN', 'PROTOCOL_VERSION', 'BAD_HANDSHAKE'] as const;
export type HandshakeErrorCode = (typeof HANDSHAKE_ERRORS)[number];
export interface HandshakeErrorData {
  code: HandshakeErrorCode;
  message: string;
  supported?: readonly number[];
}
