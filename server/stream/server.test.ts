import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  CommandResultSchema,
  Hello,
  PROTOCOL_NAMESPACE,
  SnapshotEnvelope,
  DeltaEnvelope,
  TOPICS,
  decodeIncidentHistory,
  decodeUnitPositions,
  parseEntities,
  parseStreamTemplates,
  expandCameraStreams,
  type Topic,
} from '../../shared/protocol';
import { setLogLevel } from '../log';
import { createAuthenticator } from './auth';
import { startStreamServer, type StreamServer } from './server';

const TOKEN = 'test-token-0123456789';
let server: StreamServer;
let url: string;
const sockets: Socket[] = [];

function connect(auth: Record<string, unknown>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err: Error & { data?: unknown }) => reject(err));
  });
}

function nextEvent<T>(s: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    s.once(event, (v: T) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition on what has arrived, not for a fixed time: a loaded machine only makes it slower. */
async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) return;
    await wait(50);
  }
}

beforeAll(async () => {
  setLogLevel('error');
  server = await startStreamServer({
    port: 0,
    seed: 7,
    speed: 30,
    tickMs: 50,
    token: TOKEN,
    startTime: Date.UTC(2026, 10, 24, 10, 0, 0),
  });
  url = `http://127.0.0.1:${server.port}${PROTOCOL_NAMESPACE}`;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  setLogLevel('info');
});

describe('stream server', () => {
  it('says hello, sends a valid snapshot per topic, then consecutive deltas and position frames', async () => {
    const helloP = new Promise<unknown>((resolve) => {
      const s = io(url, { auth: { token: TOKEN, role: 'wall', protocol: 1, client: 'test wall' }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      s.once('hello', (h: unknown) => resolve({ h, s }));
    });
    const { h, s } = (await helloP) as { h: unknown; s: Socket };
    const hello = Hello.parse(h);
    expect(hello).toMatchObject({ protocol: 1, role: 'wall', demo: true });
    expect(hello.topics).toEqual([...TOPICS]);

    const snapshots = new Map<Topic, SnapshotEnvelope>();
    const seqs = new Map<Topic, number[]>();
    let positionFrames = 0;
    const badDeltas: string[] = [];
    s.on('snapshot', (env: unknown) => {
      const snap = SnapshotEnvelope.parse(env);
      snapshots.set(snap.topic, snap);
      seqs.set(snap.topic, [snap.seq]);
    });
    s.on('delta', (env: unknown) => {
      const d = DeltaEnvelope.parse(env);
      const table = parseStreamTemplates({ ...(snapshots.get('cameras')?.streamTemplates as object), ...(d.streamTemplates as object) }).table;
      const bad = parseEntities(d.topic, d.topic === 'cameras' ? d.upserts.map((c) => expandCameraStreams(c, table)) : d.upserts).rejected;
      if (bad.length) badDeltas.push(...bad);
      seqs.get(d.topic)!.push(d.seq);
    });
    s.on('positions', (buf: unknown) => {
      const r = decodeUnitPositions(buf);
      if (!r.ok) throw new Error(r.reason);
      expect(r.value.count).toBeGreaterThan(0);
      positionFrames++;
      seqs.get('units')!.push(r.value.seq);
    });
    const ack = await s.timeout(10_000).emitWithAck('subscribe', { topics: [...TOPICS] });
    expect(ack).toEqual({ ok: true, topics: [...TOPICS] });
    await until(() => snapshots.size === TOPICS.length && positionFrames > 5 && (seqs.get('units')?.length ?? 0) > 10, 15_000);

    for (const topic of TOPICS) {
      const snap = snapshots.get(topic);
      expect(snap, topic).toBeDefined();
      // Cameras refer to the snapshot's stream templates: expanded as a client does before validating.
      const table = parseStreamTemplates(snap!.streamTemplates ?? {});
      expect(table.rejected, topic).toEqual([]);
      const entities = topic === 'cameras' ? snap!.entities.map((c) => expandCameraStreams(c, table.table)) : snap!.entities;
      const { valid, rejected } = parseEntities(topic, entities);
      expect(rejected, topic).toEqual([]);
      expect(valid.length).toBe(snap!.entities.length);
      if (topic === 'cameras') expect(valid.filter((c) => 'streamError' in c)).toEqual([]);
    }
    expect(snapshots.get('cameras')!.entities.length).toBe(7000);
    expect(snapshots.get('units')!.entities.length).toBe(800);
    const hist = decodeIncidentHistory(snapshots.get('incidents')!.history);
    if (!hist.ok) throw new Error(hist.reason);
    expect(hist.value.count).toBeGreaterThan(55_000);
    expect(hist.value.count).toBeLessThan(65_000);

    expect(badDeltas).toEqual([]);
    expect(positionFrames).toBeGreaterThan(5);
    for (const [topic, list] of seqs) {
      for (let i = 1; i < list.length; i++) expect(list[i], `${topic} seq #${i}`).toBe(list[i - 1]! + 1);
    }
    expect(seqs.get('units')!.length).toBeGreaterThan(10);

    // Resync: a fresh snapshot, and the stream carries on from its seq.
    const snapP = nextEvent<unknown>(s, 'snapshot');
    s.emit('resync', { topic: 'drainage', reason: 'test gap' });
    const re = SnapshotEnvelope.parse(await snapP);
    expect(re.topic).toBe('drainage');
    expect(re.entities.length).toBe(300);
  });

  it('refuses bad tokens, missing tokens, unknown protocol versions and malformed auth', async () => {
    const codeOf = async (auth: Record<string, unknown>) => {
      try {
        await connect(auth);
        return 'connected';
      } catch (e) {
        return (e as { data?: { code?: string; supported?: number[] } }).data;
      }
    };
    expect(await codeOf({ token: 'wrong', role: 'wall', protocol: 1 })).toMatchObject({ code: 'AUTH_INVALID' });
    expect(await codeOf({ role: 'wall', protocol: 1 })).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(await codeOf({ token: TOKEN, role: 'wall', protocol: 99 })).toEqual({
      code: 'PROTOCOL_VERSION',
      message: expect.any(String),
      supported: [1],
    });
    expect(await codeOf({ token: TOKEN, role: 'king', protocol: 1 })).toMatchObject({ code: 'BAD_HANDSHAKE' });
  });

  it('lets only console and admin roles command, acks alarms idempotently', async () => {
    const wall = await connect({ token: TOKEN, role: 'wall', protocol: 1 });
    const denied = await wall.timeout(5000).emitWithAck('command', { id: 'c-wall-1', type: 'wall.scene', payload: { wallId: 'wall-1', scene: '防汛' } });
    expect(denied).toMatchObject({ ok: false, id: 'c-wall-1', code: 'FORBIDDEN' });

    const con = await connect({ token: TOKEN, role: 'console', protocol: 1, client: 'duty-desk-3' });
    const sim = server.simulation;
    let alarm = sim.entities('alarms').find((a) => a.state === 'active');
    for (let i = 0; i < 100 && !alarm; i++) {
      await wait(50);
      alarm = sim.entities('alarms').find((a) => a.state === 'active');
    }
    expect(alarm).toBeDefined();
    const cmd = { id: 'c-ack-1', type: 'alarm.ack', payload: { alarmId: alarm!.id, note: '已通知' } };
    const first = CommandResultSchema.parse(await con.timeout(5000).emitWithAck('command', cmd));
    expect(first).toMatchObject({ ok: true, id: 'c-ack-1', result: { alarm: { state: 'acknowledged', ackBy: 'duty-desk-3', ackNote: '已通知' } } });
    const again = await con.timeout(5000).emitWithAck('command', cmd);
    expect(again).toEqual(first);
    const ackAt = (first as unknown as { result: { alarm: { ackAt: number } } }).result.alarm.ackAt;
    expect(sim.entities('alarms').find((a) => a.id === alarm!.id)?.ackAt).toBe(ackAt);

    expect(await con.timeout(5000).emitWithAck('command', { id: 'c-x', type: 'self.destruct', payload: {} })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_COMMAND',
    });
    expect(await con.timeout(5000).emitWithAck('command', { id: 'c-nf', type: 'alarm.ack', payload: { alarmId: 'al-none' } })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    const inc = sim.entities('incidents').find((e) => e.status !== 'closed' && sim.entities('units').some((u) => u.district === e.district && u.status === 'patrol'))!;
    const unit = sim.entities('units').find((u) => u.district === inc.district && u.status === 'patrol')!;
    const dispatched = await con.timeout(5000).emitWithAck('command', { id: 'c-disp', type: 'incident.dispatch', payload: { incidentId: inc.id, unitIds: [unit.id] } });
    expect(dispatched).toMatchObject({ ok: true, result: { incident: { id: inc.id, unitIds: expect.arrayContaining([unit.id]) } } });
    expect(sim.entities('units').find((u) => u.id === unit.id)).toMatchObject({ status: 'dispatched', incidentId: inc.id });
    const twice = await con.timeout(5000).emitWithAck('command', { id: 'c-disp-2', type: 'incident.dispatch', payload: { incidentId: inc.id, unitIds: [unit.id] } });
    expect(twice).toMatchObject({ ok: false, code: 'CONFLICT' });
    const closed = await con.timeout(5000).emitWithAck('command', { id: 'c-close', type: 'incident.close', payload: { incidentId: inc.id } });
    expect(closed).toMatchObject({ ok: true, result: { incident: { status: 'closed', closedAt: expect.any(Number) } } });
    expect(sim.entities('units').find((u) => u.id === unit.id)?.status).not.toBe('dispatched');

    const scene = await con.timeout(5000).emitWithAck('command', { id: 'c-scene', type: 'wall.scene', payload: { wallId: 'wall-1', scene: '防汛' } });
    expect(scene).toMatchObject({ ok: true, result: { wall: { id: 'wall-1', scene: '防汛', updatedBy: 'duty-desk-3' } } });
  });

  it('rate-limits commands per connection', async () => {
    const con = await connect({ token: TOKEN, role: 'admin', protocol: 1 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        con.timeout(5000).emitWithAck('command', { id: `rl-${i}`, type: 'wall.scene', payload: { wallId: 'wall-2', scene: `s${i}` } }),
      ),
    );
    const limited = results.filter((r) => (r as { code?: string }).code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(5);
    expect(results.filter((r) => (r as { ok: boolean }).ok).length).toBeGreaterThanOrEqual(15);
  });

  it('rejects and counts garbage while the connection keeps working', async () => {
    const con = await connect({ token: TOKEN, role: 'console', protocol: 1 });
    const before = server.health().rejected.total;
    const bad1 = await con.timeout(5000).emitWithAck('command', 'garbage');
    expect(bad1).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const bad2 = await con.timeout(5000).emitWithAck('command', { id: 'c-bad', type: 'incident.dispatch', payload: { incidentId: 'x', unitIds: [] } });
    expect(bad2).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: expect.stringContaining('unitIds') });
    const bad3 = await con.timeout(5000).emitWithAck('subscribe', { topics: ['nope'] });
    expect(bad3).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const bad4 = await con.timeout(5000).emitWithAck('subscribe', 42);
    expect(bad4).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    con.emit('subscribe', { topics: ['wall'], extra: 'x'.repeat(10) }, 'not a function');
    con.emit('resync', { topic: 'wall', reason: 'x'.repeat(2000) });
    con.emit('no-such-event', 1);
    await wait(100);
    expect(server.health().rejected.total).toBeGreaterThanOrEqual(before + 6);
    expect(con.connected).toBe(true);
    const snapP = nextEvent<unknown>(con, 'snapshot');
    const ok = await con.timeout(5000).emitWithAck('subscribe', { topics: ['wall'] });
    expect(ok).toEqual({ ok: true, topics: ['wall'] });
    expect(SnapshotEnvelope.parse(await snapP).topic).toBe('wall');
  });

  it('serves health JSON on GET / and 404 elsewhere', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const h = (await res.json()) as Record<string, unknown>;
    expect(h).toMatchObject({ name: 'qujing-stream-server', protocol: 1, demo: true, seed: 7, speed: 30 });
    expect(typeof h.version).toBe('string');
    expect(typeof h.uptimeS).toBe('number');
    expect(h.clients).toMatchObject({ wall: expect.any(Number), console: expect.any(Number), admin: expect.any(Number), total: expect.any(Number) });
    const topics = h.topics as Record<string, { seq: number; entities: number }>;
    for (const t of TOPICS) expect(topics[t]).toMatchObject({ seq: expect.any(Number), entities: expect.any(Number) });
    expect(topics.cameras!.entities).toBe(7000);
    expect(h.rejected).toMatchObject({ total: expect.any(Number), byReason: expect.any(Object) });
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
  });
});

describe('quiet topics', () => {
  it('get an empty keep-alive delta, still advancing seq by one', async () => {
    const quiet = await startStreamServer({ port: 0, seed: 2, speed: 1, tickMs: 50, keepaliveMs: 200, token: TOKEN });
    try {
      const s = io(`http://127.0.0.1:${quiet.port}${PROTOCOL_NAMESPACE}`, {
        auth: { token: TOKEN, role: 'wall', protocol: 1 },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      const seqs: number[] = [];
      const deltas: DeltaEnvelope[] = [];
      s.on('snapshot', (env: SnapshotEnvelope) => seqs.push(env.seq));
      s.on('delta', (env: DeltaEnvelope) => {
        deltas.push(env);
        seqs.push(env.seq);
      });
      await new Promise<void>((r) => s.once('connect', () => r()));
      await s.timeout(5000).emitWithAck('subscribe', { topics: ['wall'] });
      await wait(900);
      expect(deltas.length).toBeGreaterThanOrEqual(2);
      for (const d of deltas) expect(d).toMatchObject({ topic: 'wall', upserts: [], removes: [] });
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
      s.close();
    } finally {
      await quiet.close();
    }
  });
});

describe('handshake roles', () => {
  it('with a console token, the plain token only opens the wall role', () => {
    const auth = createAuthenticator({ token: 'wall-secret', consoleToken: 'console-secret' });
    expect(auth({ token: 'wall-secret', role: 'wall', protocol: 1 })).toMatchObject({ ok: true, role: 'wall' });
    expect(auth({ token: 'wall-secret', role: 'console', protocol: 1 })).toMatchObject({ ok: false, error: { code: 'ROLE_FORBIDDEN' } });
    expect(auth({ token: 'console-secret', role: 'admin', protocol: 1 })).toMatchObject({ ok: true, role: 'admin' });
    expect(auth({ token: 'console-secret', role: 'wall', protocol: 1 })).toMatchObject({ ok: true, role: 'wall' });
    expect(auth({ token: 'other', role: 'wall', protocol: 1 })).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID' } });
    expect(auth('nonsense')).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });

  it('without one, the single token opens every role', () => {
    const auth = createAuthenticator({ token: 'only' });
    for (const role of ['wall', 'console', 'admin']) expect(auth({ token: 'only', role, protocol: 1 })).toMatchObject({ ok: true, role });
  });
});
