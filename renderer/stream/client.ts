/**
 * The socket.io stream client: connects, subscribes, sequences and validates every message,
 * and writes into the world. Never throws out of a handler: a bad message is logged,
 * counted and dropped, and the stream goes on.
 */
import { io, type Socket } from 'socket.io-client';
import {
  CommandResultSchema,
  DeltaEnvelope,
  EV,
  Hello,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
  SnapshotEnvelope,
  TOPICS,
  decodeIncidentHistory,
  decodeUnitPositions,
  isTopic,
  parseEntities,
  parseWith,
  type CommandResult,
  type Topic,
} from '../../shared/protocol';
import type { Settings } from '../config/settings';
import { world } from '../data/world';
import { useWall, type ConnectionError } from '../state/store';
import { metrics, noteMessage, noteRejection, noteServerTs } from './metrics';
import { CommandOutbox, type CommandOutcome } from './outbox';
import { Sequencer } from './sequencer';
import { CameraStreamResolver } from './cameraTemplates';

const COMMAND_TIMEOUT_MS = 8_000;
/**
 * A console command waits this long in total for the link and an answer (re-sent with the
 * same id meanwhile), then is reported as failed: long enough to ride out a flap or a
 * server restart, short enough that an officer is not left wondering.
 */
export const COMMAND_MAX_WAIT_MS = 30_000;
const SUBSCRIBE_TIMEOUT_MS = 10_000;
/** A refused handshake (bad token, wrong protocol) is retried slowly: the server may be reconfigured. */
const REFUSED_RETRY_MS = 30_000;
/** After this many failed attempts in a row the wall says "offline" (while still retrying). */
const OFFLINE_AFTER_FAILURES = 3;

export const sequencer = new Sequencer();
/** Stream templates of the last cameras snapshot (docs/protocol.md §7.4.3). */
const cameraStreams = new CameraStreamResolver();

/** Cameras that refer to stream templates get their inline streams before validation; other topics pass through. */
function withCameraStreams(topic: string, kind: 'snapshot' | 'delta', templates: unknown, items: unknown[]): unknown[] {
  if (topic !== 'cameras') return items;
  const expanded = kind === 'snapshot' ? cameraStreams.snapshot(templates, items) : cameraStreams.delta(templates, items);
  for (const r of expanded.rejected) noteRejection('cameras: stream template', r);
  return expanded.entities;
}

/** randomUUID needs a secure context; a wall opened over plain http on the LAN falls back to getRandomValues. */
function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A server result, or a local failure: never sent while offline, or no answer in time. */
export type { CommandOutcome };

/** A query's result, or why there is none. */
export type QueryOutcome = { ok: true; result: unknown } | { ok: false; code: string; message: string };

export interface StreamClient {
  sendCommand(type: string, payload: Record<string, unknown>): Promise<CommandOutcome>;
  /** A read-only query on the same connection (docs/protocol.md, Queries). */
  query(type: string, payload: Record<string, unknown>): Promise<QueryOutcome>;
  /** Calls `listener` on every (re)connection, and now if connected; returns the unsubscribe. */
  onConnected(listener: () => void): () => void;
  close(): void;
}

let active: StreamClient | null = null;
let activeOutbox: CommandOutbox | null = null;
/** Commands waiting for the link or an answer (diagnostics). */
export function commandOutbox(): CommandOutbox | null {
  return activeOutbox;
}
export function streamClient(): StreamClient | null {
  return active;
}

function safe<A extends unknown[]>(what: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (e) {
      noteRejection(`${what}: handler error`, e instanceof Error ? e.message : String(e));
    }
  };
}

export function startStream(settings: Settings): StreamClient {
  const socket: Socket = io(`${settings.server.replace(/\/+$/, '')}${PROTOCOL_NAMESPACE}`, {
    auth: {
      token: settings.token,
      role: settings.role,
      protocol: PROTOCOL_VERSION,
      // A console's operator name is what the server records as who acknowledged or dispatched.
      client: settings.operator ?? `qujing-wall/0.1 ${settings.view}${settings.monitor ? ` ${settings.wallId}/${settings.monitor}` : ''}`,
      // A wall names its wall id so the server delivers its queued wall commands (docs/protocol.md).
      ...(settings.role === 'wall' && settings.wallId ? { wallId: settings.wallId } : {}),
    },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.3,
    timeout: 10_000,
  });
  const store = useWall.getState;
  const outbox = new CommandOutbox(
    {
      connected: () => socket.connected,
      emit: (command, timeoutMs, done) => socket.timeout(timeoutMs).emit(EV.command, command, done),
    },
    {
      maxWaitMs: COMMAND_MAX_WAIT_MS,
      attemptTimeoutMs: COMMAND_TIMEOUT_MS,
      parseReply: (reply) => {
        const parsed = CommandResultSchema.safeParse(reply);
        return parsed.success ? (parsed.data as CommandResult) : null;
      },
      onInvalidReply: (reply) => noteRejection('command: invalid result', JSON.stringify(reply)?.slice(0, 200) ?? 'undefined'),
    },
  );
  activeOutbox = outbox;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const resync = (topic: Topic, reason: string) => {
    metrics.resyncs++;
    console.warn(`[stream] resync ${topic}: ${reason}`);
    socket.emit(EV.resync, { topic, reason });
  };

  const scheduleRetry = () => {
    if (retryTimer || closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, REFUSED_RETRY_MS);
  };

  socket.on(
    'connect',
    safe('connect', () => {
      failures = 0;
      store().setConnection('connected', null);
      // Commands held while the link was down go out now, with the ids they were given.
      outbox.connected();
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EV.subscribe, { topics: [...TOPICS] }, (err: Error | null, ack: unknown) => {
        if (err) {
          noteRejection('subscribe: no ack', err.message);
          return;
        }
        const a = ack as { ok?: boolean; message?: string } | undefined;
        if (!a || a.ok !== true) noteRejection('subscribe: refused', String(a?.message ?? 'no reason'));
      });
    }),
  );

  // Events this version does not know (a newer server, a buggy integration) are dropped and counted.
  const knownEvents = new Set<string>([EV.hello, EV.snapshot, EV.delta, EV.positions]);
  socket.onAny(
    safe('event', (event: unknown) => {
      if (typeof event !== 'string' || !knownEvents.has(event)) noteRejection('unknown event', String(event).slice(0, 64));
    }),
  );

  socket.on(
    'disconnect',
    safe('disconnect', (reason: string) => {
      sequencer.disconnected();
      // The last data stays on screen, marked stale by the top bar, until the next snapshot.
      store().setConnection(socket.active ? 'reconnecting' : 'offline', { code: 'DISCONNECTED', message: reason });
      if (reason === 'io server disconnect') scheduleRetry();
    }),
  );

  socket.on(
    'connect_error',
    safe('connect_error', (err: Error & { data?: unknown }) => {
      failures++;
      const data = err.data as Partial<ConnectionError> | undefined;
      if (data && typeof data.code === 'string') {
        // Refused by the server's middleware: socket.io does not retry these by itself.
        const supported = Array.isArray(data.supported) ? data.supported.filter((n): n is number => typeof n === 'number') : undefined;
        store().setConnection('offline', {
          code: data.code.slice(0, 64),
          message: String(data.message ?? err.message).slice(0, 300),
          ...(supported ? { supported } : {}),
        });
        scheduleRetry();
        return;
      }
      const state = failures >= OFFLINE_AFTER_FAILURES ? 'offline' : store().connection === 'connecting' ? 'connecting' : 'reconnecting';
      store().setConnection(state, { code: 'UNREACHABLE', message: err.message.slice(0, 300) });
    }),
  );

  socket.on(
    EV.hello,
    safe('hello', (data: unknown) => {
      const r = parseWith(Hello, data, 'hello');
      if (!r.ok) return noteRejection('hello: invalid', r.reason);
      useWall.setState({ hello: r.value });
    }),
  );

  socket.on(
    EV.snapshot,
    safe('snapshot', (data: unknown) => {
      const env = parseWith(SnapshotEnvelope, data, 'snapshot');
      if (!env.ok) return noteRejection('snapshot: invalid envelope', env.reason);
      const { topic, seq } = env.value;
      noteMessage(topic, Date.now());
      noteServerTs(env.value.ts);
      const entities = withCameraStreams(topic, 'snapshot', env.value.streamTemplates, env.value.entities);
      const { valid, rejected } = parseEntities(topic, entities);
      for (const r of rejected) noteRejection(`${topic}: invalid entity`, r);
      sequencer.snapshot(topic, seq);
      world.replace(topic, valid);
      if (topic === 'incidents') {
        let history = null;
        if (env.value.history !== undefined) {
          const h = decodeIncidentHistory(env.value.history);
          if (h.ok) history = h.value;
          else noteRejection('incidents: invalid history', h.reason);
        }
        world.resetHistory(history, valid as never);
      }
      world.markDirty();
    }),
  );

  socket.on(
    EV.delta,
    safe('delta', (data: unknown) => {
      const env = parseWith(DeltaEnvelope, data, 'delta');
      if (!env.ok) return noteRejection('delta: invalid envelope', env.reason);
      const { topic, seq } = env.value;
      noteMessage(topic, Date.now());
      noteServerTs(env.value.ts);
      world.markDirty();
      const v = sequencer.message(topic, seq);
      if (v.action === 'resync') return resync(topic, v.reason);
      if (v.action === 'drop') {
        if (v.reason === 'duplicate') metrics.duplicates++;
        return;
      }
      const upserts = withCameraStreams(topic, 'delta', env.value.streamTemplates, env.value.upserts);
      const { valid, rejected } = parseEntities(topic, upserts);
      for (const r of rejected) noteRejection(`${topic}: invalid entity`, r);
      world.patch(topic, valid, env.value.removes);
    }),
  );

  socket.on(
    EV.positions,
    safe('positions', (data: unknown) => {
      const r = decodeUnitPositions(data);
      if (!r.ok) return noteRejection('positions: invalid frame', r.reason);
      noteMessage('units', Date.now());
      noteServerTs(r.value.serverTs);
      world.markDirty();
      const v = sequencer.message('units', r.value.seq);
      if (v.action === 'resync') return resync('units', v.reason);
      if (v.action === 'drop') {
        if (v.reason === 'duplicate') metrics.duplicates++;
        return;
      }
      const { skipped } = world.units.applyPositions(r.value);
      if (skipped > 0) noteRejection('positions: records skipped', `${skipped} of ${r.value.count} records out of range or for unknown slots`);
    }),
  );

  const client: StreamClient = {
    sendCommand(type, payload) {
      return outbox.submit(newCommandId(), type, payload);
    },
    query(type, payload) {
      const id = newCommandId();
      if (!socket.connected) return Promise.resolve({ ok: false, code: 'OFFLINE', message: 'not connected to the server' });
      return new Promise<QueryOutcome>((resolve) => {
        socket.timeout(COMMAND_TIMEOUT_MS).emit(EV.query, { id, type, payload }, (err: Error | null, res: unknown) => {
          if (err) return resolve({ ok: false, code: 'TIMEOUT', message: `no answer within ${COMMAND_TIMEOUT_MS / 1000} s` });
          const r = res as { ok?: unknown; result?: unknown; code?: unknown; message?: unknown } | null;
          if (r && r.ok === true) return resolve({ ok: true, result: r.result });
          resolve({ ok: false, code: String(r?.code ?? 'INTERNAL').slice(0, 64), message: String(r?.message ?? 'invalid reply').slice(0, 200) });
        });
      });
    },
    onConnected(listener) {
      const l = safe('connected listener', listener);
      socket.on('connect', l);
      if (socket.connected) queueMicrotask(l);
      return () => {
        socket.off('connect', l);
      };
    },
    close() {
      closed = true;
      outbox.close();
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.close();
      if (active === client) active = null;
      if (activeOutbox === outbox) activeOutbox = null;
    },
  };
  active = client;
  return client;
}

export { isTopic };
