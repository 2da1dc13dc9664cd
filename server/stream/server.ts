/**
 * The stream server: one node:http server carrying the health endpoint and socket.io
 * (protocol v1), fed by the Qujing simulation. Each topic has its own sequence; every
 * delta or positions frame sent to a topic's room advances it by exactly one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server, type Socket } from 'socket.io';
import pkg from '../../package.json';
import {
  EV,
  KEEPALIVE_INTERVAL_MS,
  LIMITS,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
  ResyncRequest,
  SubscribeRequest,
  TOPICS,
  describeZodError,
  encodeIncidentHistory,
  encodeUnitPositions,
  type DeltaEnvelope,
  type HandshakeErrorData,
  type Hello,
  type Role,
  type SnapshotEnvelope,
  type Topic,
  type Incident,
  type CityEvent,
} from '../../shared/protocol';
import { createSimulation, type Simulation } from '../simulation';
import { log } from '../log';
import { startDemoMedia, type DemoMediaOptions, type MediaStats } from '../media';
import { createAuthenticator } from './auth';
import { CommandProcessor, TokenBucket } from './commands';
import { handleQuery } from './queries';
import { Rejections } from './rejections';
import { createStreamHttpServer, describeCertificate, type TlsMaterial } from './tls';
import { Journal, type PersistenceHealth } from '../persistence/journal';
import { handshakeWallId, WallCommandQueue } from '../wall/queue';

export const SERVER_NAME = 'qujing-stream-server';
export const SERVER_VERSION: string = typeof pkg.version === 'string' ? pkg.version : '0.1.0';

export interface StreamServerOptions {
  /** Certificate and key (PEM): serve https/wss instead of http/ws (server/stream/tls.ts). */
  tls?: TlsMaterial | null;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  seed?: number;
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  token: string;
  consoleToken?: string;
  /** Simulated time at start, epoch ms (default: now). */
  startTime?: number;
  /** Real milliseconds between simulation steps (default 1000). */
  tickMs?: number;
  /** Quiet-topic keep-alive interval, real ms (default KEEPALIVE_INTERVAL_MS; shorter only in tests). */
  keepaliveMs?: number;
  /** Directory of the embedded database (alarms, acknowledgements, dispatches survive restarts). */
  dataDir?: string | null;
  /** 'disk' with dataDir (default then), 'memory' (tests), 'off' (default without dataDir). */
  persistence?: 'disk' | 'memory' | 'off';
  /** Live demo camera streams under /media/ (server/media); false turns them off. Default on. */
  media?: DemoMediaOptions | false;
}

export interface Health {
  name: string;
  version: string;
  protocol: number;
  demo: true;
  seed: number;
  speed: number;
  uptimeS: number;
  clients: { wall: number; console: number; admin: number; total: number };
  topics: Record<Topic, { seq: number; entities: number }>;
  rejected: { total: number; byReason: Record<string, number> };
  persistence: PersistenceHealth;
  /** Demo media server counters; null when it is off. */
  media: MediaStats | null;
}

export interface StreamServer {
  host: string;
  port: number;
  simulation: Simulation;
  health(): Health;
  /** Resolves once the database is open and what it kept is restored (at once when persistence is off). */
  persistenceReady: Promise<void>;
  /** Writes what the journal has queued now (tests; shutdown does it by itself). */
  flushPersistence(): Promise<void>;
  close(): Promise<void>;
}

interface SocketData {
  role: Role;
  client: string | null;
  bucket: TokenBucket;
  queryBucket: TokenBucket;
  /** Wall id a wall client declared (handshake `wallId`); its queued wall commands are for it. */
  wallId: string | null;
}

const KNOWN_EVENTS = new Set<string>([EV.subscribe, EV.resync, EV.command, EV.query]);

function splitAck(args: unknown[]): { payload: unknown; ack: ((r: unknown) => void) | null } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as (r: unknown) => void) : null;
  return { payload: args[0], ack };
}

export async function startStreamServer(opts: StreamServerOptions): Promise<StreamServer> {
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 1;
  const speed = opts.speed ?? 1;
  const tickMs = opts.tickMs ?? 1000;
  const keepaliveMs = opts.keepaliveMs ?? KEEPALIVE_INTERVAL_MS;
  if (!opts.token) throw new Error('a token is required');
  if (!(speed > 0) || !(tickMs > 0)) throw new Error('speed and tickMs must be positive');

  const startedAt = Date.now();
  const t0 = performance.now();
  const sim = createSimulation({ seed, startTime: opts.startTime ?? startedAt });
  sim.drainChanges();
  log.info('simulation ready', { seed, speed, ms: Math.round(performance.now() - t0) });

  const authenticate = createAuthenticator({ token: opts.token, consoleToken: opts.consoleToken });
  // The wall topic is the wall command queue's: scenes and pushes with their pending/applied state.
  const walls = new WallCommandQueue(() => sim.now(), sim.entities('wall'));
  const commands = new CommandProcessor(sim, walls);
  // The journal: operator actions and lifecycle histories, persisted when a database is configured.
  const persistMode = opts.persistence ?? (opts.dataDir ? 'disk' : 'off');
  const journal = new Journal(Math.floor(sim.now() / 1000).toString(36), persistMode);
  journal.baseline(sim.entities('incidents'), sim.entities('city-events'));
  // Wall commands survive a restart: written through, read back when the database is open.
  if (persistMode !== 'off') walls.persistTo(journal);
  sim.onAlarmEvent((e) => journal.alarmEvent(e));
  commands.onApplied = (cmd, actor, result) => {
    const ts = sim.now();
    journal.commandApplied(cmd.id, cmd.type, actor, cmd.payload, result, ts);
    if (!result.ok || !result.result) return;
    const note = (cmd.payload as { note?: string }).note ?? null;
    const { incident, event } = result.result as { incident?: Incident; event?: CityEvent };
    if (incident) journal.incidentChanged(incident, ts, actor, note);
    if (event) journal.cityEventChanged(event, ts, actor, note);
  };
  // The database opens in the background: the simulation serves at once, restored alarms follow.
  const persistenceReady = journal.open(opts.dataDir ?? null, sim.now()).then((restored) => {
    sim.restoreAlarms(restored.alarms);
    commands.restore(restored.commands);
    if (persistMode !== 'off') walls.restore(restored.walls);
  });
  const rejections = new Rejections();
  const media = opts.media === false ? null : startDemoMedia(sim, opts.media);
  const seq = Object.fromEntries(TOPICS.map((t) => [t, 1])) as Record<Topic, number>;
  const lastSent = Object.fromEntries(TOPICS.map((t) => [t, Date.now()])) as Record<Topic, number>;
  const clients = { wall: 0, console: 0, admin: 0 };

  const health = (): Health => ({
    name: SERVER_NAME,
    version: SERVER_VERSION,
    protocol: PROTOCOL_VERSION,
    demo: true,
    seed,
    speed,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    clients: { ...clients, total: clients.wall + clients.console + clients.admin },
    topics: Object.fromEntries(TOPICS.map((t) => [t, { seq: seq[t], entities: sim.count(t) }])) as Health['topics'],
    rejected: { total: rejections.total, byReason: rejections.top(10) },
    persistence: journal.health(),
    media: media?.stats() ?? null,
  });

  const http = createStreamHttpServer(opts.tls ?? null, (req: IncomingMessage, res: ServerResponse) => {
    if (media?.handleRequest(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') {
      const body = JSON.stringify(health());
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('not found\n');
  });

  const io = new Server(http, {
    maxHttpBufferSize: LIMITS.maxClientMessageBytes,
    // The renderer loads from app:// or another port; the token is the gate.
    cors: { origin: true },
    transports: ['polling', 'websocket'],
    serveClient: false,
  });
  const nsp = io.of(PROTOCOL_NAMESPACE);
  // WebSocket-FLV upgrades. engine.io leaves an upgrade it does not own alone once bytes were
  // written to it, which handleUpgrade does at once (101, or the refusal).
  if (media) http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void media.handleUpgrade(req, socket, head));

  nsp.use((socket, next) => {
    const r = authenticate(socket.handshake.auth);
    if (r.ok) {
      const data: SocketData = { role: r.role, client: r.client, bucket: new TokenBucket(LIMITS.maxCommandsPerSecond),
        queryBucket: new TokenBucket(LIMITS.maxCommandsPerSecond),
        wallId: r.role === 'wall' ? handshakeWallId(socket.handshake.auth) : null,
      };
      socket.data = data;
      next();
      return;
    }
    log.warn('connection refused', { code: r.error.code, remote: socket.handshake.address });
    const err = new Error(r.error.message) as Error & { data?: HandshakeErrorData };
    err.data = r.error;
    next(err);
  });

  function snapshot(socket: Socket, topic: Topic): void {
    const ts = sim.now();
    const env: SnapshotEnvelope = { topic, seq: seq[topic], ts, entities: topic === 'wall' ? walls.entities() : sim.wireEntities(topic, sim.entities(topic)) };
    if (topic === 'cameras') {
      const templates = sim.streamTemplates();
      if (templates) env.streamTemplates = templates;
    }
    if (topic === 'incidents') {
      const h = sim.history();
      env.history = Buffer.from(encodeIncidentHistory(h.baseTs, h.records));
    }
    socket.emit(EV.snapshot, env);
  }

  nsp.on('connection', (socket) => {
    const data = socket.data as SocketData;
    const who = { role: data.role, client: data.client ?? undefined, remote: socket.handshake.address, sid: socket.id };
    clients[data.role]++;
    log.info('client connected', data.wallId ? { ...who, wallId: data.wallId } : who);
    if (data.wallId) walls.connected(data.wallId);
    const hello: Hello = {
      protocol: PROTOCOL_VERSION,
      serverVersion: SERVER_VERSION,
      serverTime: sim.now(),
      role: data.role,
      topics: [...TOPICS],
      demo: true,
    };
    socket.emit(EV.hello, hello);

    const guard =
      (event: string, fn: (payload: unknown, ack: ((r: unknown) => void) | null) => void) =>
      (...args: unknown[]) => {
        const { payload, ack } = splitAck(args);
        try {
          fn(payload, ack);
        } catch (e) {
          log.error('handler failed', { event, error: e instanceof Error ? e.message : String(e), sid: socket.id });
          try {
            ack?.({ ok: false, id: '', code: 'INTERNAL', message: 'internal error' });
          } catch {
            // The ack itself failed; nothing more to tell the client.
          }
        }
      };

    socket.onAny((event: unknown) => {
      if (typeof event !== 'string' || !KNOWN_EVENTS.has(event)) {
        rejections.record('unknown event', `event ${String(event).slice(0, 64)}`, { sid: socket.id });
      }
    });

    socket.on(
      EV.subscribe,
      guard(EV.subscribe, (payload, ack) => {
        const r = SubscribeRequest.safeParse(payload);
        if (!r.success) {
          const message = `bad subscribe: ${describeZodError(r.error)}`;
          rejections.record('subscribe: bad payload', message, { sid: socket.id });
          ack?.({ ok: false, code: 'BAD_REQUEST', message });
          return;
        }
        const topics = [...new Set(r.data.topics)];
        ack?.({ ok: true, topics });
        // Snapshot and join in the same tick: the next broadcast for the topic is seq + 1.
        for (const topic of topics) {
          snapshot(socket, topic);
          void socket.join(`topic:${topic}`);
        }
        log.info('subscribed', { sid: socket.id, topics: topics.join(',') });
      }),
    );

    socket.on(
      EV.resync,
      guard(EV.resync, (payload) => {
        const r = ResyncRequest.safeParse(payload);
        if (!r.success) {
          rejections.record('resync: bad payload', `bad resync: ${describeZodError(r.error)}`, { sid: socket.id });
          return;
        }
        log.info('resync requested', { sid: socket.id, topic: r.data.topic, reason: r.data.reason?.slice(0, 200) });
        snapshot(socket, r.data.topic);
        void socket.join(`topic:${r.data.topic}`);
      }),
    );

    socket.on(
      EV.command,
      guard(EV.command, (payload, ack) => {
        const outcome = commands.handle(
          { role: data.role, actor: data.client ?? data.role, bucket: data.bucket, wallId: data.wallId },
          payload,
        );
        if (outcome.rejected) rejections.record('command: bad payload', outcome.rejected, { sid: socket.id });
        const r = outcome.result;
        log.info('command', {
          id: r.id,
          type: payload && typeof payload === 'object' ? String((payload as { type?: unknown }).type).slice(0, 64) : undefined,
          ok: r.ok,
          code: r.ok ? undefined : r.code,
          replayed: outcome.replayed,
          role: data.role,
          client: data.client ?? undefined,
        });
        ack?.(r);
        // Every accepted change (an acknowledgement, a dispatch, a wall push, simulation control)
        // shows on every wall and console now, not at the next tick.
        if (r.ok && !outcome.replayed) publish();
      }),
    );

    socket.on(
      EV.query,
      guard(EV.query, (payload, ack) => {
        const t = performance.now();
        const outcome = handleQuery(sim, data.queryBucket, payload, journal);
        if (outcome.rejected) rejections.record('query: bad payload', outcome.rejected, { sid: socket.id });
        const r = outcome.result;
        log.info('query', {
          id: r.id,
          type: payload && typeof payload === 'object' ? String((payload as { type?: unknown }).type).slice(0, 64) : undefined,
          ok: r.ok,
          code: r.ok ? undefined : r.code,
          ms: Math.round(performance.now() - t),
          role: data.role,
        });
        ack?.(r);
      }),
    );

    socket.on('disconnect', (reason) => {
      clients[data.role]--;
      if (data.wallId) walls.disconnected(data.wallId);
      log.info('client disconnected', { ...who, reason });
    });
  });

  function emitDelta(topic: Topic, ts: number, upserts: unknown[], removes: string[]): void {
    const chunks = Math.max(1, Math.ceil(upserts.length / LIMITS.maxDeltaItems), Math.ceil(removes.length / LIMITS.maxDeltaItems));
    for (let i = 0; i < chunks; i++) {
      const env: DeltaEnvelope = {
        topic,
        seq: ++seq[topic],
        ts,
        upserts: upserts.slice(i * LIMITS.maxDeltaItems, (i + 1) * LIMITS.maxDeltaItems),
        removes: removes.slice(i * LIMITS.maxDeltaItems, (i + 1) * LIMITS.maxDeltaItems),
      };
      nsp.to(`topic:${topic}`).emit(EV.delta, env);
    }
  }

  /** Sends everything the simulation changed since the last call: deltas, positions, keep-alives. */
  function publish(): void {
    const changes = sim.drainChanges();
    journal.alarmsChanged(changes.alarms.upserts, sim.now());
    for (const e of changes.incidents.upserts) journal.incidentChanged(e, sim.now());
    for (const e of changes['city-events'].upserts) journal.cityEventChanged(e, sim.now());
    journal.forget(changes.incidents.removes, changes['city-events'].removes);
    const ts = sim.now();
    const wallNow = Date.now();
    // The simulation's own wall entity is only the starting point; the queue owns the topic.
    changes.wall = { ...changes.wall, upserts: walls.drainChanges(), removes: [] };
    for (const topic of TOPICS) {
      const c = changes[topic];
      let sent = false;
      if (c.upserts.length > 0 || c.removes.length > 0) {
        emitDelta(topic, ts, sim.wireEntities(topic, c.upserts), c.removes);
        sent = true;
      }
      if (topic === 'units' && changes.positions.length > 0) {
        // All movement of a tick in one binary frame, never one event per unit.
        for (let i = 0; i < changes.positions.length; i += LIMITS.maxPositionRecords) {
          const frame = encodeUnitPositions(++seq.units, ts, changes.positions.slice(i, i + LIMITS.maxPositionRecords));
          nsp.to('topic:units').emit(EV.positions, Buffer.from(frame));
        }
        sent = true;
      }
      if (!sent && wallNow - lastSent[topic] >= keepaliveMs) {
        emitDelta(topic, ts, [], []);
        sent = true;
      }
      if (sent) lastSent[topic] = wallNow;
    }
  }

  function tick(): void {
    try {
      sim.step(tickMs * speed);
      publish();
    } catch (e) {
      log.error('simulation tick failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    http.once('error', onError);
    http.listen(opts.port ?? 7070, host, () => {
      http.off('error', onError);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  media?.advertise({ host, port });
  const timer = setInterval(tick, tickMs);
  log.info('listening', { host, port, namespace: PROTOCOL_NAMESPACE, tickMs, auth: opts.consoleToken ? 'split' : 'single', tls: opts.tls ? 'on' : 'off' });
  if (opts.tls) {
    const c = describeCertificate(opts.tls.cert);
    log.info('tls certificate', { subject: c.subject, validTo: c.validTo, sha256: c.sha256 });
  }

  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    simulation: sim,
    health,
    persistenceReady,
    flushPersistence: () => journal.flush(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        media?.close();
        io.close(() => resolve());
        http.closeAllConnections();
      })
        .then(() => persistenceReady)
        .then(() => journal.close())
        .then(() => log.info('stopped', { port }));
      return closing;
    },
  };
}
