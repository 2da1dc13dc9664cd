// Real parts for the end-to-end tests: the built stream server in its own process and the
// built renderer served over HTTP, opened in Debian's Chromium.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../../shared/protocol';
import { startStreamServerProcess } from '../../scripts/lib/stream-server-process.mjs';
import { startWebServer } from '../../scripts/lib/serve-web.mjs';

export const ARTIFACTS = 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

export interface Diagnostics {
  connection: 'connected' | 'reconnecting' | 'offline';
  fps: number;
  frameMsP95: number;
  messagesPerSecond: number;
  counts: Record<string, number>;
  lastMessageAgeMs: Record<string, number | null>;
  seq: Record<string, number>;
  rejected: { total: number; recent: string[] };
  resyncs: number;
  view: string;
  map?: { ready: boolean; layers: Record<string, { visible: boolean; count: number }> };
  firstDataAt: number | null;
  /** Camera tiles (renderer/video/registry.ts). */
  video: VideoDiagnostics;
  stale: { topic: string; ageS: number }[];
  longestFrameGapMs: number;
}

export interface VideoTileReport {
  id: number;
  cameraId: string;
  phase: string;
  protocol: string | null;
  quality: string | null;
  fallbackFrom: string | null;
  reconnects: number;
  /** Why the last stream failed, null while playing. */
  reason: string | null;
  decodedFrames: number;
  droppedFrames: number;
}

export interface VideoDiagnostics {
  players: { live: number; byProtocol: Record<string, number>; opened: number; closed: number };
  peerConnections?: { created: number; closed: number };
  tiles: { live: number; byPhase: Record<string, number>; list: VideoTileReport[] };
  mediaElements: { live: number; created: number; removed: number; inDocument: number };
  frames: { decoded: number; dropped: number };
  budget: { active: number; waiting: number };
}

export interface Health {
  clients: { total: number };
  topics: Record<string, { seq: number; entities: number }>;
}

export type StreamServer = Awaited<ReturnType<typeof startStreamServerProcess>>;

export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export async function startServer(opts: {
  token: string;
  port?: number;
  speed?: number;
  seed?: number;
  dataDir?: string;
  startTime?: number;
}): Promise<StreamServer> {
  // dataDir: the embedded database's directory, so a restarted server finds what the first one kept.
  const extraArgs = opts.dataDir ? ['--data-dir', opts.dataDir] : [];
  // startTime: the simulated clock at start, for tests whose data depends on the hour of the day.
  if (opts.startTime !== undefined) extraArgs.push('--start-time', String(opts.startTime));
  return startStreamServerProcess({ token: opts.token, port: opts.port ?? 0, speed: opts.speed ?? 1, seed: opts.seed ?? 7, extraArgs });
}

export async function startWeb(): Promise<{ port: number; close(): Promise<void> }> {
  // The built renderer of dist/ or QUJING_DIST (scripts/lib/dist-dir.mjs).
  return startWebServer({ port: 0 });
}

export async function health(serverUrl: string): Promise<Health> {
  const r = await fetch(`${serverUrl}/`);
  if (!r.ok) throw new Error(`health ${r.status}`);
  return (await r.json()) as Health;
}

export function wallUrl(webPort: number, serverUrl: string, token: string, view: string, extra = ''): string {
  return `http://127.0.0.1:${webPort}/?server=${encodeURIComponent(serverUrl)}&token=${encodeURIComponent(token)}&view=${view}${extra}`;
}

export async function diagnostics(page: Page): Promise<Diagnostics> {
  return page.evaluate(() => (window as unknown as { wallDiagnostics: () => Diagnostics }).wallDiagnostics());
}

/** Fails the test on any request that would leave this machine. */
export function forbidExternalRequests(page: Page, offenders: string[]): void {
  page.on('request', (req) => {
    const url = new URL(req.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:', 'about:', 'chrome-extension:'].includes(url.protocol)) offenders.push(req.url());
  });
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Pixels of a screenshot in the square of radius r around (x, y), decoded in the page. */
export async function screenshotPixels(page: Page, png: Buffer, at: { x: number; y: number }, r = 0): Promise<Rgb[]> {
  return page.evaluate(
    async ({ data, x, y, r }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(Math.round(x) - r, Math.round(y) - r, 2 * r + 1, 2 * r + 1).data;
      const out: { r: number; g: number; b: number }[] = [];
      for (let i = 0; i < d.length; i += 4) out.push({ r: d[i]!, g: d[i + 1]!, b: d[i + 2]! });
      return out;
    },
    { data: png.toString('base64'), x: at.x, y: at.y, r },
  );
}

/** Waits until the server's database is open and everything queued is written; returns how long that took. */
export async function persistenceSettled(url: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const h = (await (await fetch(`${url}/`)).json()) as { persistence: { ready: boolean; queued: number } };
    if (h.persistence.ready && h.persistence.queued === 0) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`persistence not ready in ${timeoutMs} ms: ${JSON.stringify(h.persistence)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let simSeq = 0;
/** Starts or ends a simulated camera's outage (admin command `sim.camera`); resolves with the server's ack. */
export function simCamera(admin: Socket, cameraId: string, outage: boolean): Promise<{ ok: boolean; code?: string }> {
  return admin.timeout(5000).emitWithAck('command', { id: `e2e-sim-${Date.now()}-${++simSeq}`, type: 'sim.camera', payload: { cameraId, outage } }) as Promise<{ ok: boolean; code?: string }>;
}

/** The same, failing the test when the server refuses. */
export async function setCameraOutage(admin: Socket, cameraId: string, outage: boolean): Promise<void> {
  expect((await simCamera(admin, cameraId, outage)).ok, `sim.camera ${cameraId} outage=${outage}`).toBe(true);
}

/** An admin socket.io connection to the stream server (simulation commands, raw snapshots). */
export function connectAdmin(url: string, token: string, client = 'e2e'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`${url}${PROTOCOL_NAMESPACE}`, {
      auth: { token, role: 'admin', protocol: PROTOCOL_VERSION, client },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
