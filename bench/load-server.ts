/**
 * Bench-only load server: the real socket.io server sending unit movement at a controlled
 * rate, either as the protocol's binary positions frames (shared/protocol encoder) or as one
 * JSON event per unit (the usual approach). It also serves the built bench pages
 * (see bench/vite.config.ts) from the same origin. Run: node --import tsx bench/load-server.ts
 *
 * A client chooses the load in its handshake auth:
 *   { mode: 'binary' | 'json', units: N, hz: R, seconds?: S }
 * and receives, R times a second, every unit's new position. Event names: 'positions'
 * (binary, one argument) or 'u' (JSON object per unit: { s, lon, lat, h, v, ts }).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import { Server } from 'socket.io';
import { encodeUnitPositions, type PositionRecord } from '../shared/protocol/binary';
import { contentType } from '../scripts/lib/serve-web.mjs';
import { unitStart } from './lib/fleet';
import { benchPagesDir } from './lib/pages-dir.mjs';

export const PAGES_DIR = benchPagesDir();
const ROOT = resolve(PAGES_DIR);

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
  const file = join(ROOT, rel);
  if (!file.startsWith(ROOT + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
});

const io = new Server(http, { maxHttpBufferSize: 1e6, perMessageDeflate: false, httpCompression: false });

io.on('connection', (socket) => {
  const a = socket.handshake.auth as { mode?: string; units?: number; hz?: number };
  const mode = a.mode === 'json' ? 'json' : 'binary';
  const units = Math.max(1, Math.min(20_000, Math.floor(Number(a.units) || 1000)));
  const hz = Math.max(0.1, Math.min(30, Number(a.hz) || 1));
  const state = Array.from({ length: units }, (_, i) => unitStart(i));
  const records: PositionRecord[] = state.map((u, slot) => ({ slot, lon: u.lon, lat: u.lat, heading: 0, speed: 8 }));
  let seq = 0;
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    // Every unit moves a few dozen metres along its own heading each tick; the frame's
    // serverTs is what the event-to-pixel measurement starts from.
    for (let i = 0; i < units; i++) {
      const u = state[i]!;
      const r = records[i]!;
      const h = (u.heading + tick * 3) % 360;
      r.lon = u.lon + 0.0004 * Math.sin((h * Math.PI) / 180) * Math.sin(tick / 7);
      r.lat = u.lat + 0.0004 * Math.cos((h * Math.PI) / 180) * Math.sin(tick / 7);
      r.heading = h;
    }
    const ts = Date.now();
    if (mode === 'binary') {
      socket.emit('positions', Buffer.from(encodeUnitPositions(++seq, ts, records)));
    } else {
      for (const r of records) socket.emit('u', { s: r.slot, lon: r.lon, lat: r.lat, h: r.heading, v: r.speed, ts });
    }
  }, 1000 / hz);
  socket.on('disconnect', () => clearInterval(timer));
});

const port = Number(process.argv[process.argv.indexOf('--port') + 1] ?? 0) || 0;
http.listen(port, '127.0.0.1', () => {
  const addr = http.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  process.stdout.write(`BENCH_LOAD_READY ${JSON.stringify({ port: actual })}\n`);
});
process.on('SIGTERM', () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
