/**
 * The console's commands against a real stream server over socket.io: role enforcement for
 * every command type, situation acknowledgement, dispatch that sends units towards the
 * incident, status to closure with a journaled history, and the console's queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { COMMAND_TYPES, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, type NearbyResult } from '../../shared/protocol';
import { setLogLevel } from '../log';
import { startStreamServer, type StreamServer } from '../stream/server';
import { approxDistanceM } from './geo';

const TOKEN = 'console-test-token-01234';
let server: StreamServer;
let url: string;
const sockets: Socket[] = [];

function connect(role: string, client?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token: TOKEN, role, protocol: PROTOCOL_VERSION, client }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
let n = 0;
const command = (s: Socket, type: string, payload: unknown) =>
  s.timeout(5000).emitWithAck('command', { id: `t-${++n}`, type, payload }) as Promise<Record<string, unknown>>;
const query = (s: Socket, type: string, payload: unknown) =>
  s.timeout(5000).emitWithAck('query', { id: `q-${++n}`, type, payload }) as Promise<{ ok: boolean; result: unknown }>;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  setLogLevel('error');
  server = await startStreamServer({ port: 0, seed: 11, speed: 1, tickMs: 100, token: TOKEN, media: false, startTime: Date.UTC(2026, 10, 24, 9, 0, 0) });
  url = `http://127.0.0.1:${server.port}${PROTOCOL_NAMESPACE}`;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

describe('console commands', () => {
  it('refuses every console command from a wall with FORBIDDEN and changes nothing', async () => {
    const wall = await connect('wall');
    const alarm = server.simulation.entities('alarms').find((a) => a.state === 'active')!;
    for (const type of COMMAND_TYPES.filter((t) => t !== 'wall.applied')) {
      const r = await command(wall, type, { alarmId: alarm.id });
      expect(r, type).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(server.simulation.entities('alarms').find((a) => a.id === alarm.id)!.state).toBe('active');
  });

  it('dispatches the nearest available units: they turn 出警 and drive towards the incident, then it closes with its history', async () => {
    const con = await connect('console', '值班员 李娜');
    const inc = server.simulation.entities('incidents').find((e) => e.status !== 'closed')!;
    const near = await query(con, 'incident.nearby', { incidentId: inc.id, limit: 3 });
    expect(near.ok).toBe(true);
    const nearby = near.result as NearbyResult;
    expect(nearby.units.length).toBe(3);
    for (let i = 1; i < nearby.units.length; i++) expect(nearby.units[i]!.distanceM).toBeGreaterThanOrEqual(nearby.units[i - 1]!.distanceM);
    expect(nearby.units.every((u) => u.status !== 'dispatched' && u.etaS > 0)).toBe(true);
    expect(nearby.cameras.length).toBe(3);
    const pick = nearby.units.filter((u) => u.distanceM > 300).slice(0, 1);
    expect(pick.length).toBe(1);
    const unitId = pick[0]!.id;
    const before = server.simulation.entities('units').find((u) => u.id === unitId)!;
    const d0 = approxDistanceM(before.lon, before.lat, inc.lon, inc.lat);
    const r = await command(con, 'incident.dispatch', { incidentId: inc.id, unitIds: [unitId] });
    expect(r).toMatchObject({ ok: true });
    const unit = () => server.simulation.entities('units').find((u) => u.id === unitId)!;
    expect(unit()).toMatchObject({ status: 'dispatched', incidentId: inc.id });
    await wait(1500);
    const after = unit();
    expect(approxDistanceM(after.lon, after.lat, inc.lon, inc.lat)).toBeLessThan(d0);
    // A unit already sent cannot be sent again.
    expect(await command(con, 'incident.dispatch', { incidentId: inc.id, unitIds: [unitId] })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await command(con, 'incident.status', { incidentId: inc.id, status: 'closed', note: '处置完毕' })).toMatchObject({ ok: true });
    expect(unit().status).not.toBe('dispatched');
    const h = (await query(con, 'incident.history', { incidentId: inc.id })).result as { entries: { kind: string; actor: string | null; ref: string | null }[] };
    expect(h.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['dispatch', 'closed']));
    expect(h.entries.find((e) => e.kind === 'dispatch')).toMatchObject({ actor: '值班员 李娜', ref: unitId });
    expect(await command(con, 'incident.status', { incidentId: inc.id, status: 'on_scene' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('acknowledges, clears with history, advances a city event, answers load statistics', async () => {
    const con = await connect('console', '值班员 王强');
    const alarm = server.simulation.entities('alarms').find((a) => a.state === 'active')!;
    expect(await command(con, 'alarm.ack', { alarmId: alarm.id, note: '已通知' })).toMatchObject({ ok: true });
    expect(await command(con, 'alarm.clear', { alarmId: alarm.id })).toMatchObject({ ok: true });
    const h = (await query(con, 'alarm.history', { alarmId: alarm.id })).result as { entries: { kind: string; actor: string | null }[] };
    expect(h.entries.map((e) => [e.kind, e.actor])).toEqual([
      ['acknowledged', '值班员 王强'],
      ['cleared', '值班员 王强'],
    ]);
    const ev = server.simulation.entities('city-events').find((e) => e.status === 'assigned')!;
    expect(await command(con, 'city-event.advance', { eventId: ev.id, status: 'in_progress' })).toMatchObject({ ok: true, result: { event: { status: 'in_progress' } } });
    expect(await command(con, 'city-event.advance', { eventId: ev.id, status: 'in_progress' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await command(con, 'city-event.advance', { eventId: ev.id, status: 'closed' })).toMatchObject({ ok: true, result: { event: { status: 'closed' } } });
    expect(await command(con, 'city-event.advance', { eventId: 'ce-none', status: 'closed' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const stats = (await query(con, 'alarm.stats', { hours: 12 })).result as { perHour: number[]; acked: number; ackP50S: number | null };
    expect(stats.perHour).toHaveLength(12);
    expect(stats.perHour.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(stats.acked).toBeGreaterThan(0);
    expect(stats.ackP50S).not.toBeNull();
  });

  it('acknowledges a whole situation at once', async () => {
    const con = await connect('console');
    const sim = server.simulation;
    // Two sensors next to each other go over their lines: one situation.
    const sensors = sim.entities('drainage');
    let pair: [string, string] | null = null;
    for (const a of sensors) {
      const b = sensors.find((s) => s.id !== a.id && approxDistanceM(a.lon, a.lat, s.lon, s.lat) < 400);
      if (b) {
        pair = [a.id, b.id];
        break;
      }
    }
    expect(pair).not.toBeNull();
    const admin = await connect('admin');
    for (const id of pair!) expect(await command(admin, 'sim.drainage', { sensorId: id, level: 4.5 })).toMatchObject({ ok: true });
    const alarms = sim.entities('alarms').filter((a) => pair!.includes(a.sourceId) && a.state !== 'cleared');
    expect(alarms).toHaveLength(2);
    expect(alarms[0]!.situationId).toBeTruthy();
    expect(alarms[1]!.situationId).toBe(alarms[0]!.situationId);
    expect(await command(con, 'situation.ack', { situationId: alarms[0]!.situationId })).toMatchObject({ ok: true });
    expect(sim.entities('alarms').filter((a) => pair!.includes(a.sourceId) && a.state === 'acknowledged')).toHaveLength(2);
  });
});
