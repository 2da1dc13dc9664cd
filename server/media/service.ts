/**
 * The demo media server: live HTTP-FLV, WebSocket-FLV, HLS, MJPEG and snapshots of the
 * demo loops for every simulated camera, hooked into the stream server's HTTP server.
 * A camera that is offline (or unknown) gets no stream; when one goes offline its open
 * connections are closed within a second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { log } from '../log';
import { JPEG_PER_SECOND, cameraPlacement, type Catalog, type DemoLoop, type Quality } from './catalog';
import { FlvLiveCursor } from './flv-live';
import { SEGMENT_MS, livePlaylist, loopSegment, segmentInWindow } from './hls';
import { retimeSegment, segmentOffset } from './tsRetime';

/** Queued bytes above which a client is considered behind: video skips to the next key frame. */
export const HIGH_WATER_BYTES = 2 * 1024 * 1024;
/** A client behind for this long is disconnected. */
export const STUCK_MS = 15_000;
const TICK_MS = 20;
const MJPEG_INTERVAL_MS = 1000 / JPEG_PER_SECOND;
const WS_OFFLINE_CODE = 4503;

export type MediaProtocol = 'http-flv' | 'ws-flv' | 'mjpeg';

export interface MediaStats {
  open: Record<MediaProtocol, number>;
  /** Requests served since start, by kind (playlists, segments, snapshots included). */
  requests: Record<'http-flv' | 'ws-flv' | 'hls-playlist' | 'hls-segment' | 'mjpeg' | 'snapshot', number>;
  refused: { offline: number; notFound: number };
  bytesSent: number;
  /** Frames dropped for clients that could not keep up. */
  framesSkipped: number;
  /** Connections dropped because they stayed behind for STUCK_MS. */
  slowClientsDropped: number;
}

export interface MediaServiceOptions {
  catalog: Catalog;
  /** true/false for a known camera, undefined for an unknown one. */
  cameraOnline: (cameraId: string) => boolean | undefined;
  /** Wall clock (tests may pin it). */
  now?: () => number;
}

export interface MediaService {
  /** Handles `/media/…` requests; false when the request is not for the media server. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handles `/media/…` WebSocket upgrades; false when not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): MediaStats;
  close(): void;
}

interface Live {
  cameraId: string;
  protocol: MediaProtocol;
  /** Bytes queued in the socket, not yet sent. */
  queued(): number;
  write(chunk: Buffer): void;
  /** Closes the connection; `offline` tells the client why. */
  end(offline: boolean): void;
  pump(now: number): void;
  behindSince: number | null;
}

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length' };
const NO_STORE = { 'Cache-Control': 'no-store' };

type Route =
  | { kind: 'flv'; cameraId: string; q: Quality }
  | { kind: 'playlist'; cameraId: string; q: Quality }
  | { kind: 'segment'; cameraId: string; q: Quality; msn: number }
  | { kind: 'mjpeg'; cameraId: string }
  | { kind: 'snapshot'; cameraId: string };

export function parseMediaPath(path: string): Route | null {
  const m = /^\/media\/([^/]{1,64})\/(?:(main|sub)\.(flv|m3u8)|(main|sub)\/(\d{1,15})\.ts|(sub\.mjpeg)|(snapshot\.jpg))$/.exec(path);
  if (!m) return null;
  let cameraId: string;
  try {
    cameraId = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (m[2]) return { kind: m[3] === 'flv' ? 'flv' : 'playlist', cameraId, q: m[2] as Quality };
  if (m[4]) return { kind: 'segment', cameraId, q: m[4] as Quality, msn: Number(m[5]) };
  if (m[6]) return { kind: 'mjpeg', cameraId };
  return { kind: 'snapshot', cameraId };
}

export function createMediaService(opts: MediaServiceOptions): MediaService {
  const { catalog, cameraOnline } = opts;
  const now = opts.now ?? Date.now;
  const lives = new Set<Live>();
  const stats: MediaStats = {
    open: { 'http-flv': 0, 'ws-flv': 0, mjpeg: 0 },
    requests: { 'http-flv': 0, 'ws-flv': 0, 'hls-playlist': 0, 'hls-segment': 0, mjpeg: 0, snapshot: 0 },
    refused: { offline: 0, notFound: 0 },
    bytesSent: 0,
    framesSkipped: 0,
    slowClientsDropped: 0,
  };
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 });

  const placement = (cameraId: string) => cameraPlacement(cameraId, catalog.loops.length, catalog.loopSeconds);
  const loopOf = (cameraId: string): { loop: DemoLoop; phase: number } => {
    const p = placement(cameraId);
    return { loop: catalog.loops[p.loop]!, phase: p.phase };
  };

  function refuse(res: ServerResponse, cameraId: string): boolean {
    const online = cameraOnline(cameraId);
    if (online === true) return false;
    if (online === undefined) stats.refused.notFound++;
    else stats.refused.offline++;
    const status = online === undefined ? 404 : 503;
    res.writeHead(status, { ...CORS, ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(online === undefined ? 'unknown camera\n' : 'camera offline\n');
    return true;
  }

  function send(res: ServerResponse, type: string, body: Buffer | string, cache: Record<string, string> = NO_STORE): void {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(200, { ...CORS, ...cache, 'Content-Type': type, 'Content-Length': String(buf.length) });
    res.end(buf);
    stats.bytesSent += buf.length;
  }

  function track(live: Live): void {
    lives.add(live);
    stats.open[live.protocol]++;
    stats.requests[live.protocol]++;
    log.debug('media stream opened', { camera: live.cameraId, protocol: live.protocol, open: lives.size });
  }
  function untrack(live: Live): void {
    if (!lives.delete(live)) return;
    stats.open[live.protocol]--;
    log.debug('media stream closed', { camera: live.cameraId, protocol: live.protocol, open: lives.size });
  }

  /** FLV pacing shared by HTTP and WebSocket: write due frames unless the client is behind. */
  function flvPump(cursor: FlvLiveCursor, started: number, live: Live, t: number): void {
    const elapsed = t - started;
    if (live.queued() > HIGH_WATER_BYTES) {
      live.behindSince ??= t;
      return;
    }
    if (live.behindSince !== null) {
      // Caught up with its backlog: jump to live at a key frame rather than send stale video.
      const before = cursor.skipped;
      cursor.skipToLive(elapsed);
      stats.framesSkipped += cursor.skipped - before;
      live.behindSince = null;
    }
    for (const tag of cursor.due(elapsed)) live.write(tag);
  }

  function startFlvCursor(cameraId: string, q: Quality): { cursor: FlvLiveCursor; started: number } {
    const { loop, phase } = loopOf(cameraId);
    const t = now();
    const cursor = new FlvLiveCursor(loop.flv[q], (t % (catalog.loopSeconds * 1000)) + phase * 1000);
    return { cursor, started: t };
  }

  function serveHttpFlv(req: IncomingMessage, res: ServerResponse, cameraId: string, q: Quality): void {
    const { cursor, started } = startFlvCursor(cameraId, q);
    res.writeHead(200, { ...CORS, ...NO_STORE, 'Content-Type': 'video/x-flv', Connection: 'keep-alive' });
    const live = httpLive(req, res, cameraId, 'http-flv', (t) => flvPump(cursor, started, live, t));
    live.write(cursor.preamble());
    live.pump(now());
  }

  /** A live HTTP response: tracked while open, untracked however it ends. The caller writes its preamble, then pumps. */
  function httpLive(req: IncomingMessage, res: ServerResponse, cameraId: string, protocol: MediaProtocol, pump: (t: number) => void): Live {
    const live: Live = {
      cameraId,
      protocol,
      behindSince: null,
      queued: () => res.writableLength,
      write(chunk) {
        res.write(chunk);
        stats.bytesSent += chunk.length;
      },
      end() {
        untrack(live);
        res.destroy();
      },
      pump,
    };
    track(live);
    const gone = () => untrack(live);
    req.on('close', gone);
    res.on('close', gone);
    res.on('error', gone);
    return live;
  }

  function serveMjpeg(req: IncomingMessage, res: ServerResponse, cameraId: string): void {
    const { loop, phase } = loopOf(cameraId);
    res.writeHead(200, { ...CORS, ...NO_STORE, 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    let nextAt = 0;
    const live = httpLive(req, res, cameraId, 'mjpeg', (t) => {
      if (t < nextAt) return;
      nextAt = t + MJPEG_INTERVAL_MS;
      if (res.writableLength > HIGH_WATER_BYTES) {
        live.behindSince ??= t;
        stats.framesSkipped++;
        return;
      }
      live.behindSince = null;
      const jpeg = pictureAt(loop, phase, t);
      live.write(Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`));
      live.write(jpeg);
      live.write(Buffer.from('\r\n'));
    });
    live.pump(now());
  }

  function pictureAt(loop: DemoLoop, phase: number, t: number): Buffer {
    const i = Math.floor(t / MJPEG_INTERVAL_MS) + phase * JPEG_PER_SECOND;
    return loop.jpegs[i % loop.jpegs.length]!;
  }

  function serveWsFlv(ws: WebSocket, cameraId: string, q: Quality): void {
    const { cursor, started } = startFlvCursor(cameraId, q);
    const live: Live = {
      cameraId,
      protocol: 'ws-flv',
      behindSince: null,
      queued: () => ws.bufferedAmount,
      write(chunk) {
        ws.send(chunk, { binary: true });
        stats.bytesSent += chunk.length;
      },
      end(offline) {
        untrack(live);
        if (offline) ws.close(WS_OFFLINE_CODE, 'camera offline');
        else ws.terminate();
      },
      pump: (t) => flvPump(cursor, started, live, t),
    };
    track(live);
    live.write(cursor.preamble());
    live.pump(now());
    ws.on('close', () => untrack(live));
    ws.on('error', () => untrack(live));
    // Clients have nothing to say; anything they send is ignored (maxPayload caps it).
  }

  // One timer paces every stream and enforces outages and the slow-client rule.
  const offlineCheckEvery = Math.round(500 / TICK_MS);
  let ticks = 0;
  const timer = setInterval(() => {
    const t = now();
    const checkOnline = ++ticks % offlineCheckEvery === 0;
    for (const live of lives) {
      try {
        if (checkOnline && cameraOnline(live.cameraId) !== true) {
          log.info('media stream closed: camera offline', { camera: live.cameraId, protocol: live.protocol });
          live.end(true);
          continue;
        }
        if (live.behindSince !== null && t - live.behindSince > STUCK_MS) {
          stats.slowClientsDropped++;
          log.warn('media client too slow, dropped', { camera: live.cameraId, protocol: live.protocol });
          live.end(false);
          continue;
        }
        live.pump(t);
      } catch (e) {
        log.warn('media stream failed', { camera: live.cameraId, error: e instanceof Error ? e.message : String(e) });
        live.end(false);
      }
    }
  }, TICK_MS);
  timer.unref?.();

  return {
    handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0]!;
      if (!path.startsWith('/media/')) return false;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '600' });
        res.end();
        return true;
      }
      const route = parseMediaPath(path);
      if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
        stats.refused.notFound++;
        res.writeHead(404, { ...CORS, ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
        return true;
      }
      if (refuse(res, route.cameraId)) return true;
      const { loop, phase } = loopOf(route.cameraId);
      switch (route.kind) {
        case 'flv':
          serveHttpFlv(req, res, route.cameraId, route.q);
          break;
        case 'playlist': {
          stats.requests['hls-playlist']++;
          const body = livePlaylist({ nowMs: now(), uri: (msn) => `${route.q}/${msn}.ts` });
          send(res, 'application/vnd.apple.mpegurl', body);
          break;
        }
        case 'segment': {
          if (!segmentInWindow(route.msn, now())) {
            stats.refused.notFound++;
            res.writeHead(404, { ...CORS, ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' });
            res.end('segment outside the live window\n');
            break;
          }
          stats.requests['hls-segment']++;
          const segs = loop.segments[route.q];
          const k = loopSegment(route.msn, phase, segs.length);
          // Timestamps of second `msn` of one continuous timeline (no jump where the loop wraps).
          send(res, 'video/mp2t', retimeSegment(segs[k]!, segmentOffset(route.msn, k, SEGMENT_MS)), { 'Cache-Control': 'max-age=30' });
          break;
        }
        case 'mjpeg':
          serveMjpeg(req, res, route.cameraId);
          break;
        case 'snapshot':
          stats.requests.snapshot++;
          send(res, 'image/jpeg', pictureAt(loop, phase, now()));
          break;
      }
      return true;
    },

    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?')[0]!;
      if (!path.startsWith('/media/')) return false;
      const route = parseMediaPath(path);
      const reject = (status: number, text: string) => {
        socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      if (!route || route.kind !== 'flv') {
        stats.refused.notFound++;
        reject(404, 'Not Found');
        return true;
      }
      const online = cameraOnline(route.cameraId);
      if (online !== true) {
        if (online === undefined) stats.refused.notFound++;
        else stats.refused.offline++;
        reject(online === undefined ? 404 : 503, online === undefined ? 'Not Found' : 'Service Unavailable');
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveWsFlv(ws, route.cameraId, route.q));
      return true;
    },

    stats: () => ({ ...stats, open: { ...stats.open }, requests: { ...stats.requests }, refused: { ...stats.refused } }),

    close() {
      clearInterval(timer);
      for (const live of [...lives]) live.end(false);
      wss.close();
    },
  };
}
