// Many clients: one stream server process (the real CLI, in its own process) serving 40
// walls and 10 consoles (socket.io-client in this process) at the demo load. Reports the
// server's CPU from /proc and each client's lag, and checks nobody missed a message.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EV, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, TOPICS, decodeUnitPositions, type Topic } from '../../shared/protocol';

const WALLS = 40;
const CONSOLES = 10;
const MEASURE_MS = 15_000;
const TOKEN = 'load-test-token-5c1e7a';
let child: ChildProcess;
let port = 0;

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--seed', '4', '--media', 'off'], {
    env: { ...process.env, QUJING_TOKEN: TOKEN, QUJING_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server not ready in 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('QUJING_SERVER_READY ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(20)).port as number);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}, 90_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

interface ClientStats {
  role: 'wall' | 'console';
  received: number;
  gaps: number;
  /** receive time − server ts, ms (ts is the simulation's clock; the offset is removed below). */
  raw: number[];
}

describe('one server, fifty clients', () => {
  it('serves 40 walls and 10 consoles at the demo load with bounded lag and CPU, losing nothing', async () => {
    const stats: ClientStats[] = [];
    const sockets: Socket[] = [];
    let measuring = false;
    for (let i = 0; i < WALLS + CONSOLES; i++) {
      const role = i < WALLS ? 'wall' : 'console';
      const s: ClientStats = { role, received: 0, gaps: 0, raw: [] };
      const seq = new Map<Topic, number>();
      const socket = io(`http://127.0.0.1:${port}${PROTOCOL_NAMESPACE}`, {
        auth: { token: TOKEN, role, protocol: PROTOCOL_VERSION, client: `load-${i}` },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const note = (topic: Topic, n: number, ts: number, measuring: boolean) => {
        const last = seq.get(topic);
        if (last !== undefined && n !== last + 1) s.gaps++;
        seq.set(topic, n);
        s.received++;
        if (measuring) s.raw.push(Date.now() - ts);
      };
      socket.on(EV.snapshot, (env: { topic: Topic; seq: number }) => seq.set(env.topic, env.seq));
      socket.on(EV.delta, (env: { topic: Topic; seq: number; ts: number }) => note(env.topic, env.seq, env.ts, measuring));
      socket.on(EV.positions, (data: unknown) => {
        const r = decodeUnitPositions(data);
        if (r.ok) note('units', r.value.seq, r.value.serverTs, measuring);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => socket.emit(EV.subscribe, { topics: [...TOPICS] }, () => resolve()));
        socket.once('connect_error', reject);
      });
      stats.push(s);
      sockets.push(socket);
    }
    // Settle, then measure.
    await new Promise((r) => setTimeout(r, 2_000));
    measuring = true;
    const cpu0 = cpuSeconds(child.pid!);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const cpu = (cpuSeconds(child.pid!) - cpu0) / ((Date.now() - t0) / 1000);
    measuring = false;
    for (const s of sockets) s.close();

    // ts is the simulation's clock, which runs a fixed offset from ours: lag is measured
    // from the best case seen by any client.
    const offset = Math.min(...stats.flatMap((s) => s.raw));
    const perClient = stats.map((s) => {
      const lags = s.raw.map((x) => x - offset).sort((a, b) => a - b);
      return { role: s.role, received: s.received, gaps: s.gaps, p50: percentile(lags, 0.5), p95: percentile(lags, 0.95) };
    });
    const p95s = perClient.map((c) => c.p95).sort((a, b) => a - b);
    const p50s = perClient.map((c) => c.p50).sort((a, b) => a - b);
    console.log(
      `[load] ${WALLS} walls + ${CONSOLES} consoles for ${MEASURE_MS / 1000} s: server CPU ${(cpu * 100).toFixed(1)} % of one core; ` +
        `messages per client ${Math.min(...perClient.map((c) => c.received))}–${Math.max(...perClient.map((c) => c.received))}; ` +
        `lag p50 (median client) ${percentile(p50s, 0.5)} ms, p95 (median client) ${percentile(p95s, 0.5)} ms, worst client p95 ${p95s[p95s.length - 1]} ms`,
    );
    for (const c of perClient) {
      expect(c.gaps, 'no client missed a message').toBe(0);
      expect(c.received).toBeGreaterThan(MEASURE_MS / 1000); // at least a message a second
      expect(c.p95, 'each client hears within half a second of the best case').toBeLessThan(500);
    }
    expect(cpu, 'one core is more than enough for fifty clients').toBeLessThan(0.9);
  }, 120_000);
});
