// The real stream client (renderer/stream/client.ts) in Node, a real stream server in this
// process and a real TCP proxy between them: a console command issued while the link is
// down is held, sent with its id when the link returns, and applied exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamServer, type StreamServer } from '../../server/stream/server';
import { startTcpProxy, type TcpProxy } from '../../e2e/support/tcp-proxy';
import type { Settings } from '../config/settings';
import { world } from '../data/world';
import { useWall } from '../state/store';
import { startStream, type StreamClient } from './client';

const token = 'outbox-test-token-0123456789';
let server: StreamServer;
let proxy: TcpProxy;
let client: StreamClient;

async function until(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const HOUR = 3_600_000;

beforeAll(async () => {
  // The simulated city starts at the most recent 10:00 Beijing time: how many alarms are active
  // depends on the hour, and the tests acknowledge two of them whatever time CI runs.
  const beijingDay = Math.floor((Date.now() + 8 * HOUR - 10 * HOUR) / (24 * HOUR));
  const startTime = beijingDay * 24 * HOUR + 10 * HOUR - 8 * HOUR;
  server = await startStreamServer({ port: 0, token, seed: 5, tickMs: 250, media: false, startTime });
  proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
  const settings = { server: proxy.url, token, role: 'console', view: 'console', diag: false, lang: 'zh' } as unknown as Settings;
  client = startStream(settings);
  await until('connected with two active alarms', () => useWall.getState().connection === 'connected' && [...world.table('alarms').values()].filter((a) => a.state === 'active').length >= 2);
});

afterAll(async () => {
  client?.close();
  await proxy?.close();
  await server?.close();
});

describe('console commands across a link outage (real client, server and proxy)', () => {
  it('holds a command while disconnected, sends it on reconnect, and the server applies it once', async () => {
    const alarm = [...world.table('alarms').values()].find((a) => a.state === 'active');
    expect(alarm, 'the simulation has an active alarm').toBeDefined();
    proxy.refuse(true);
    proxy.drop();
    await until('disconnected', () => useWall.getState().connection !== 'connected');

    const pending = client.sendCommand('alarm.ack', { alarmId: alarm!.id, note: 'while offline' });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(settled, 'not failed while the bound has not passed').toBe(false);
    expect(server.simulation.entities('alarms').find((a) => a.id === alarm!.id)?.state).toBe('active');

    proxy.refuse(false);
    const r = await pending;
    expect(r).toMatchObject({ ok: true });
    const onServer = server.simulation.entities('alarms').find((a) => a.id === alarm!.id);
    expect(onServer).toMatchObject({ state: 'acknowledged', ackNote: 'while offline' });
    // The wall's copy follows through the stream.
    await until('ack reached the world', () => world.table('alarms').get(alarm!.id)?.state === 'acknowledged');
    expect(server.health().rejected.total).toBe(0);
  }, 30_000);

  it('a drop while the command is in flight: re-sent with the same id, answered once', async () => {
    const alarm = [...world.table('alarms').values()].find((a) => a.state === 'active');
    if (!alarm) throw new Error('no active alarm left to acknowledge');
    proxy.setMode({ kind: 'blackhole' });
    const pending = client.sendCommand('alarm.ack', { alarmId: alarm.id, note: 'flap' });
    await new Promise((r) => setTimeout(r, 300));
    // The held bytes are lost with the connection: the first attempt never arrives.
    proxy.drop();
    proxy.setMode({ kind: 'pass' });
    const r = await pending;
    expect(r).toMatchObject({ ok: true });
    expect(server.simulation.entities('alarms').find((a) => a.id === alarm.id)?.state).toBe('acknowledged');
  }, 30_000);
});
