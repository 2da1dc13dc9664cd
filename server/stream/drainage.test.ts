import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { DrainageTrend, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, type DrainageSensor } from '../../shared/protocol';
import { setLogLevel } from '../log';
import { startStreamServer, type StreamServer } from './server';

const TOKEN = 'drain-token-0123456789';
const CONSOLE_TOKEN = 'drain-console-0123456789';
let single: StreamServer;
let split: StreamServer;
const sockets: Socket[] = [];

function connect(server: StreamServer, token: string, role: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`http://127.0.0.1:${server.port}${PROTOCOL_NAMESPACE}`, {
      auth: { token, role, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err: Error) => reject(err));
  });
}

type Ack = { ok: boolean; id: string; code?: string; message?: string; result?: unknown };
const ask = (s: Socket, event: string, body: unknown) => s.timeout(5000).emitWithAck(event, body) as Promise<Ack>;
let n = 0;
const command = (s: Socket, payload: unknown) => ask(s, 'command', { id: `c-${++n}`, type: 'sim.drainage', payload });
const query = (s: Socket, type: string, payload: unknown) => ask(s, 'query', { id: `q-${++n}`, type, payload });

beforeAll(async () => {
  setLogLevel('error');
  const startTime = Date.UTC(2026, 10, 24, 10, 0, 0);
  single = await startStreamServer({ port: 0, seed: 7, speed: 60, tickMs: 100, token: TOKEN, startTime });
  split = await startStreamServer({ port: 0, seed: 7, tickMs: 100, token: TOKEN, consoleToken: CONSOLE_TOKEN, startTime });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await single?.close();
  await split?.close();
});

describe('query drainage.trend', () => {
  it('answers any role with the protocol shape, 12 steps an hour', async () => {
    const wall = await connect(split, TOKEN, 'wall');
    const r = await query(wall, 'drainage.trend', { hours: 6 });
    expect(r.ok).toBe(true);
    const t = DrainageTrend.parse(r.result);
    expect(t.stepS).toBe(300);
    expect(t.sensors.length).toBe(split.simulation.count('drainage'));
    for (const s of t.sensors) {
      expect(s.level).toHaveLength(72);
      expect(s.flow).toHaveLength(72);
    }
    const one = await query(wall, 'drainage.trend', { hours: 1, sensorIds: ['ds-0003'] });
    expect(DrainageTrend.parse(one.result).sensors.map((s) => [s.id, s.level.length])).toEqual([['ds-0003', 12]]);
  });

  it('rejects bad queries with a reason', async () => {
    const wall = await connect(split, TOKEN, 'wall');
    for (const payload of [{ hours: 0 }, { hours: 25 }, { hours: 1.5 }, {}, { hours: 2, sensorIds: ['ds-9999'] }]) {
      const r = await query(wall, 'drainage.trend', payload);
      expect(r.ok).toBe(false);
      expect(r.code).toBe('BAD_REQUEST');
      expect(r.message).toBeTruthy();
    }
    const u = await query(wall, 'drainage.nope', {});
    expect(u.code).toBe('UNKNOWN_QUERY');
    const e = await ask(wall, 'query', { type: 'drainage.trend' });
    expect(e.code).toBe('BAD_REQUEST');
  });
});

describe('command sim.drainage', () => {
  it('is FORBIDDEN for wall and console roles', async () => {
    const wall = await connect(split, TOKEN, 'wall');
    const cons = await connect(split, CONSOLE_TOKEN, 'console');
    for (const s of [wall, cons]) {
      const r = await command(s, { sensorId: 'ds-0001', level: 3 });
      expect(r.ok).toBe(false);
      expect(r.code).toBe('FORBIDDEN');
    }
    expect(split.simulation.entities('drainage').find((d) => d.id === 'ds-0001')!.level).toBeLessThan(3);
  });

  it('admin with the console token controls the simulation; the plain token cannot open admin', async () => {
    const admin = await connect(split, CONSOLE_TOKEN, 'admin');
    const r = await command(admin, { sensorId: 'ds-0004', level: 0.1 });
    expect(r.ok).toBe(true);
    await expect(connect(split, TOKEN, 'admin')).rejects.toThrow();
  });

  it('validates the payload', async () => {
    const admin = await connect(single, TOKEN, 'admin');
    for (const payload of [{ sensorId: 'ds-0001', level: -1 }, { sensorId: 'ds-0001', level: 101 }, { level: 1 }, { sensorId: 'ds-0001', silent: 'yes' }]) {
      const r = await command(admin, payload);
      expect(r.code).toBe('BAD_REQUEST');
    }
    const nf = await command(admin, { sensorId: 'ds-9999', level: 1 });
    expect(nf.code).toBe('NOT_FOUND');
  });

  it('a level over the line reaches subscribers as alarm in the next delta, with an alarm raised', async () => {
    const admin = await connect(single, TOKEN, 'admin');
    const wall = await connect(single, TOKEN, 'wall');
    await wall.emitWithAck('subscribe', { topics: ['drainage', 'alarms'] });
    const target = single.simulation.entities('drainage').find((d) => d.state === 'normal')!;
    const seen = new Promise<{ sensor: DrainageSensor; ms: number }>((resolve) => {
      let t0 = 0;
      wall.on('delta', (env: { topic: string; upserts: DrainageSensor[] }) => {
        const d = env.topic === 'drainage' ? env.upserts.find((x) => x.id === target.id && x.state === 'alarm') : undefined;
        if (d && t0 > 0) resolve({ sensor: d, ms: performance.now() - t0 });
      });
      void command(admin, { sensorId: target.id, level: target.alarmLevel + 0.5 }).then((r) => {
        expect(r.ok).toBe(true);
        t0 = performance.now();
      });
    });
    const alarm = new Promise<{ sourceId: string; source: string }>((resolve) => {
      wall.on('delta', (env: { topic: string; upserts: { sourceId: string; source: string }[] }) => {
        const a = env.topic === 'alarms' ? env.upserts.find((x) => x.sourceId === target.id) : undefined;
        if (a) resolve(a);
      });
    });
    const s = await seen;
    expect(s.sensor.state).toBe('alarm');
    expect(s.ms).toBeLessThan(1000);
    expect((await alarm).source).toBe('drainage');
  });

  it('a silenced sensor stops reporting; let go, it reports again', async () => {
    const admin = await connect(single, TOKEN, 'admin');
    const wall = await connect(single, TOKEN, 'wall');
    await wall.emitWithAck('subscribe', { topics: ['drainage'] });
    const sensor = single.simulation.entities('drainage').reduce((a, b) => (b.intervalS < a.intervalS ? b : a));
    const r = await command(admin, { sensorId: sensor.id, silent: true });
    expect(r.ok).toBe(true);
    const reportedAt = single.simulation.entities('drainage').find((d) => d.id === sensor.id)!.reportedAt;
    let reports = 0;
    const onDelta = (env: { topic: string; upserts: DrainageSensor[] }) => {
      if (env.topic === 'drainage' && env.upserts.some((x) => x.id === sensor.id)) reports++;
    };
    wall.on('delta', onDelta);
    // speed 60: 2 s real is 2 simulated minutes, two of this sensor's intervals at least.
    await new Promise((res) => setTimeout(res, 2500));
    expect(reports).toBe(0);
    expect(single.simulation.entities('drainage').find((d) => d.id === sensor.id)!.reportedAt).toBe(reportedAt);
    await command(admin, { sensorId: sensor.id, silent: false });
    await new Promise((res) => setTimeout(res, 500));
    expect(reports).toBeGreaterThan(0);
    wall.off('delta', onDelta);
  });
});
