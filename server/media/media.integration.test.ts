/**
 * The demo media server inside a real stream server (real HTTP, WebSocket and socket.io),
 * playing the committed loops of assets/video.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { EV, PROTOCOL_NAMESPACE, expandCameraStreams, parseEntities, parseStreamTemplates, type Camera, type CommandResult } from '../../shared/protocol';
import { setLogLevel } from '../log';
import { startStreamServer, type StreamServer } from '../stream/server';
import { isKeyframe, parseFlv, TAG_VIDEO, type FlvTag } from './flv';
import { readTimestamp } from './tsRetime';

const TOKEN = 'media-test-token-0123456789';
let server: StreamServer;
let base: string;
let admin: Socket;
let camera: Camera;

beforeAll(async () => {
  setLogLevel('warn');
  server = await startStreamServer({ port: 0, token: TOKEN, persistence: 'off' });
  base = `http://127.0.0.1:${server.port}`;
  camera = (server.simulation.entities('cameras') as Camera[]).find((c) => c.online)!;
  admin = io(`${base}${PROTOCOL_NAMESPACE}`, { auth: { token: TOKEN, role: 'admin', protocol: 1 }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    admin.once('connect', () => resolve());
    admin.once('connect_error', reject);
  });
});

afterAll(async () => {
  admin?.close();
  await server?.close();
});

const url = (protocol: string, quality: 'main' | 'sub') => camera.streams.find((s) => s.protocol === protocol && s.quality === quality)!.url;

function command(type: string, payload: unknown): Promise<CommandResult> {
  return new Promise((resolve) => admin.emit(EV.command, { id: `${type}-${Math.random()}`, type, payload }, resolve));
}

/** Collects an endless HTTP body for `ms`, then aborts; also reports how it ended. */
function readHttp(u: string, ms: number): Promise<{ status: number; type: string; body: Buffer; endedEarly: boolean; cors: string | undefined }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = httpRequest(u, (res) => {
      let endedEarly = false;
      const done = () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks), endedEarly, cors: res.headers['access-control-allow-origin'] as string | undefined });
      const timer = setTimeout(() => {
        req.destroy();
        done();
      }, ms);
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('close', () => {
        clearTimeout(timer);
        endedEarly = true;
        done();
      });
    });
    req.on('error', (e) => (chunks.length ? undefined : reject(e)));
    req.end();
  });
}

function videoFrames(flv: Buffer): FlvTag[] {
  // The body may end mid-tag; keep whole tags only.
  let end = 13;
  while (end + 11 <= flv.length) {
    const next = end + 11 + flv.readUIntBE(end + 1, 3) + 4;
    if (next > flv.length) break;
    end = next;
  }
  return parseFlv(flv.subarray(0, end)).tags.filter((t) => t.type === TAG_VIDEO && t.data[1] === 1);
}

function expectLiveFlv(frames: FlvTag[], seconds: number): void {
  expect(isKeyframe(frames[0]!)).toBe(true);
  expect(frames[0]!.timestamp).toBe(0);
  for (let i = 1; i < frames.length; i++) expect(frames[i]!.timestamp - frames[i - 1]!.timestamp).toBe(40);
  // Real-time pace: about 25 frames per second plus the start lead, not a dump of the file.
  const last = frames[frames.length - 1]!.timestamp;
  expect(last).toBeGreaterThan(seconds * 1000 - 700);
  expect(last).toBeLessThan(seconds * 1000 + 700);
}

describe('demo media server', () => {
  it('advertises streams in fallback order on every camera, with a snapshot URL', () => {
    expect(camera.streams.map((s) => s.protocol)).toEqual(['ws-flv', 'ws-flv', 'http-flv', 'http-flv', 'hls', 'hls', 'mjpeg']);
    expect(camera.snapshotUrl).toBe(`${base}/media/${camera.id}/snapshot.jpg`);
    const all = server.simulation.entities('cameras') as Camera[];
    expect(all.every((c) => c.streams.length === 7)).toBe(true);
  });

  it('sends the cameras snapshot with stream templates, expanding to the same descriptors', async () => {
    const env = await new Promise<{ entities: unknown[]; streamTemplates?: unknown }>((resolve) => {
      const onSnap = (e: { topic: string; entities: unknown[]; streamTemplates?: unknown }) => {
        if (e.topic !== 'cameras') return;
        admin.off(EV.snapshot, onSnap);
        resolve(e);
      };
      admin.on(EV.snapshot, onSnap);
      admin.emit(EV.subscribe, { topics: ['cameras'] });
    });
    const { table, rejected } = parseStreamTemplates(env.streamTemplates);
    expect(rejected).toEqual([]);
    expect([...table.keys()]).toEqual(['demo']);
    const expanded = env.entities.map((c) => expandCameraStreams(c, table));
    const inline = server.simulation.entities('cameras') as Camera[];
    expect(parseEntities('cameras', expanded).valid).toEqual(parseEntities('cameras', inline).valid);
    // Wire size: the socket.io text frame is `42/v1,["snapshot",<json>]`.
    const frame = (entities: unknown[], extra: object) => Buffer.byteLength(`42${PROTOCOL_NAMESPACE},${JSON.stringify(['snapshot', { topic: 'cameras', seq: 1, ts: Date.now(), entities, ...extra }])}`);
    const compact = frame(env.entities, { streamTemplates: env.streamTemplates });
    const full = frame(inline, {});
    console.info(`cameras snapshot, ${inline.length} cameras: ${full} bytes inline, ${compact} bytes with templates`);
    expect(compact).toBeLessThan(full * 0.4);
  });

  it('serves a live HLS playlist that advances with time, and its segments', async () => {
    const r1 = await fetch(url('hls', 'sub'));
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(r1.headers.get('cache-control')).toBe('no-store');
    expect(r1.headers.get('access-control-allow-origin')).toBe('*');
    const p1 = await r1.text();
    const seq = (p: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(p)![1]);
    await new Promise((r) => setTimeout(r, 2100));
    const p2 = await (await fetch(url('hls', 'sub'))).text();
    expect(seq(p2) - seq(p1)).toBeGreaterThanOrEqual(2);
    expect(p2).not.toContain('#EXT-X-ENDLIST');
    const segUri = p2.trim().split('\n').pop()!;
    const seg = await fetch(new URL(segUri, url('hls', 'sub')));
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    const bytes = Buffer.from(await seg.arrayBuffer());
    expect(bytes.length % 188).toBe(0);
    expect(bytes[0]).toBe(0x47);
    expect(bytes[188]).toBe(0x47);
    // One continuous timeline: each segment starts one second (90 000 ticks) after the one before.
    const uris = p2.trim().split('\n').filter((l) => !l.startsWith('#'));
    const firstPts = async (uri: string) => {
      const b = new Uint8Array(await (await fetch(new URL(uri, url('hls', 'sub')))).arrayBuffer());
      for (let p = 0; p + 188 <= b.length; p += 188) {
        const pl = p + 4 + ((b[p + 3]! >> 4) & 2 ? 1 + b[p + 4]! : 0);
        if (b[p + 1]! & 0x40 && b[pl] === 0 && b[pl + 1] === 0 && b[pl + 2] === 1 && b[pl + 3]! >= 0xe0) return readTimestamp(b, pl + 9);
      }
      throw new Error(`no PES in ${uri}`);
    };
    const starts = await Promise.all(uris.map(firstPts));
    for (let i = 1; i < starts.length; i++) expect((starts[i]! - starts[i - 1]! + 2 ** 33) % 2 ** 33).toBe(90_000);
  });

  it('streams HTTP-FLV at real-time pace from a key frame', async () => {
    const r = await readHttp(url('http-flv', 'sub'), 2500);
    expect(r.status).toBe(200);
    expect(r.type).toBe('video/x-flv');
    expect(r.cors).toBe('*');
    expect(r.body.toString('latin1', 0, 3)).toBe('FLV');
    expectLiveFlv(videoFrames(r.body), 2.5);
  });

  it('streams the same FLV over a WebSocket', async () => {
    const ws = new WebSocket(url('ws-flv', 'main'));
    const chunks: Buffer[] = [];
    ws.on('message', (d: Buffer) => chunks.push(d));
    await new Promise((r) => setTimeout(r, 2500));
    ws.close();
    const flv = Buffer.concat(chunks);
    expect(flv.toString('latin1', 0, 3)).toBe('FLV');
    const meta = parseFlv(flv.subarray(0, 13 + 11 + flv.readUIntBE(14, 3) + 4)).tags[0]!;
    expect(meta.data.includes(Buffer.from('onMetaData'))).toBe(true);
    expectLiveFlv(videoFrames(flv), 2.5);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.health().media!.open['ws-flv']).toBe(0);
  });

  it('serves MJPEG parts and a snapshot JPEG', async () => {
    const m = await readHttp(url('mjpeg', 'sub'), 1300);
    expect(m.type).toBe('multipart/x-mixed-replace; boundary=frame');
    const parts = m.body.toString('latin1').split('--frame').filter((p) => p.includes('image/jpeg'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const snap = await fetch(camera.snapshotUrl!);
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await snap.arrayBuffer());
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  });

  it('kills a camera with sim.camera: open streams close, new ones fail; restoring brings them back', async () => {
    const httpFlv = readHttp(url('http-flv', 'sub'), 8000);
    const ws = new WebSocket(url('ws-flv', 'sub'));
    const wsClosed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 800));
    const t0 = Date.now();
    const killed = await command('sim.camera', { cameraId: camera.id, outage: true });
    expect(killed.ok).toBe(true);
    expect(await wsClosed).toBe(4503);
    const r = await httpFlv;
    expect(r.endedEarly).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(videoFrames(r.body).length).toBeGreaterThan(10);
    expect(server.simulation.cameraOnline(camera.id)).toBe(false);

    expect((await fetch(url('hls', 'main'))).status).toBe(503);
    expect((await fetch(url('http-flv', 'main'))).status).toBe(503);
    const refused = await new Promise<number>((resolve) => {
      const w = new WebSocket(url('ws-flv', 'main'));
      w.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      w.on('error', () => undefined);
    });
    expect(refused).toBe(503);

    const restored = await command('sim.camera', { cameraId: camera.id, outage: false });
    expect(restored.ok).toBe(true);
    const again = await readHttp(url('http-flv', 'sub'), 1200);
    expect(again.status).toBe(200);
    expect(videoFrames(again.body).length).toBeGreaterThan(10);
    expect((await fetch(url('hls', 'main'))).status).toBe(200);
  });

  it('answers unknown cameras with 404 and counts what it served', async () => {
    expect((await fetch(`${base}/media/no-such-camera/sub.m3u8`)).status).toBe(404);
    const h = (await (await fetch(`${base}/`)).json()) as { media: { bytesSent: number; requests: Record<string, number>; refused: { offline: number } } };
    expect(h.media.bytesSent).toBeGreaterThan(100_000);
    expect(h.media.requests['http-flv']).toBeGreaterThanOrEqual(2);
    expect(h.media.refused.offline).toBeGreaterThanOrEqual(3);
  });
});
