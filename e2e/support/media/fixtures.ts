/**
 * Real third-party media sources for tests, fed by Debian's ffmpeg from the demo loops.
 *
 *   import { startNmsFixture, startHlsFixture } from './support/media/fixtures';
 *
 *   const nms = await startNmsFixture();          // node-media-server 4.4.3 + ffmpeg over RTMP
 *   nms.flvUrl   // http://127.0.0.1:<port>/live/cam1.flv   (HTTP-FLV)
 *   nms.wsFlvUrl // ws://127.0.0.1:<port>/live/cam1.flv     (WebSocket-FLV)
 *   nms.urlFor('cam2') // more streams: publish(name) first
 *   await nms.publish('cam2', { loop: 3, quality: 'sub' });
 *   await nms.kill();     // stops ffmpeg: the publisher leaves, the players' streams end
 *   nms.freeze();         // SIGSTOP ffmpeg: a hung upstream; NMS keeps the session and serves
 *                         // its cached GOP to every new player, then nothing (kill + restart after)
 *   await nms.restart();  // publishes again under the same names
 *   await nms.close();    // everything stops (also done on process exit)
 *
 *   const hls = await startHlsFixture();          // ffmpeg's own HLS muxer + a static server
 *   hls.playlistUrl // http://127.0.0.1:<port>/live.m3u8  (live, 1 s segments, window of 6)
 *   await hls.kill();     // SIGKILL ffmpeg: the playlist stops advancing (a dead encoder)
 *   await hls.restart();  // a new ffmpeg and playlist; media sequence numbers jump forward (epoch-based)
 *   await hls.close();
 *
 * Every server binds 127.0.0.1 on free ports and answers CORS `*`. Needs `ffmpeg` on PATH
 * and the committed loops in assets/video/. Children are killed when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export interface LoopChoice {
  /** 1-based loop number in assets/video (default 1). */
  loop?: number;
  quality?: 'main' | 'sub';
}

export function loopFile({ loop = 1, quality = 'sub' }: LoopChoice = {}): string {
  const f = join(ROOT, 'assets', 'video', `loop${loop}`, `${quality}.flv`);
  if (!existsSync(f)) throw new Error(`missing ${f}: run scripts/make-demo-video.sh`);
  return f;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

function track(child: ChildProcess, what: string): ChildProcess {
  children.add(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code && code !== 255 && !signal) process.stderr.write(`[media fixture] ${what} exited ${code}: ${err}\n`);
  });
  return child;
}

async function stop(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function ffmpeg(args: string[], what: string): ChildProcess {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.once('error', (e) => process.stderr.write(`[media fixture] cannot run ffmpeg (apt-get install ffmpeg): ${e.message}\n`));
  return track(child, what);
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`media fixture: ${what} not ready within ${timeoutMs} ms`);
}

/** Reads the first bytes of an HTTP stream (enough to know it flows). */
async function flows(url: string, bytes = 2000): Promise<boolean> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), 3000);
  try {
    const r = await fetch(url, { signal: ac.signal });
    if (!r.ok || !r.body) return false;
    const reader = r.body.getReader();
    let got = 0;
    while (got < bytes) {
      const { value, done } = await reader.read();
      if (done) return false;
      got += value.length;
    }
    return true;
  } finally {
    clearTimeout(t);
    ac.abort();
  }
}

export interface NmsFixture {
  httpPort: number;
  rtmpPort: number;
  flvUrl: string;
  wsFlvUrl: string;
  urlFor(name: string): { flvUrl: string; wsFlvUrl: string };
  /** Publishes one more stream (default name cam1 is published at start). */
  publish(name: string, choice?: LoopChoice): Promise<void>;
  /** Stops every publisher (ffmpeg): the streams die. */
  kill(): Promise<void>;
  /** Suspends every publisher (SIGSTOP): the RTMP session stays open, no new media arrives. */
  freeze(): void;
  /** Publishes every stream again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startNmsFixture(choice: LoopChoice = {}): Promise<NmsFixture> {
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const store = mkdtempSync(join(tmpdir(), 'nms-store-'));
  const nms = track(spawn(process.execPath, [join(HERE, 'nms-process.mjs'), String(rtmpPort), String(httpPort), store], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }), 'node-media-server');
  await new Promise<void>((ok, fail) => {
    let out = '';
    nms.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('NMS_READY')) ok();
    });
    nms.once('exit', (code) => fail(new Error(`node-media-server exited ${code}`)));
  });
  const publishers = new Map<string, { choice: LoopChoice; proc: ChildProcess | null }>();
  const urlFor = (name: string) => ({
    flvUrl: `http://127.0.0.1:${httpPort}/live/${name}.flv`,
    wsFlvUrl: `ws://127.0.0.1:${httpPort}/live/${name}.flv`,
  });
  const start = async (name: string) => {
    const p = publishers.get(name)!;
    p.proc = ffmpeg(['-re', '-stream_loop', '-1', '-i', loopFile(p.choice), '-c', 'copy', '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${name}`], `ffmpeg → rtmp ${name}`);
    await waitFor(() => flows(urlFor(name).flvUrl), `HTTP-FLV ${name}`);
  };
  const fixture: NmsFixture = {
    httpPort,
    rtmpPort,
    ...urlFor('cam1'),
    urlFor,
    async publish(name, c = choice) {
      publishers.set(name, { choice: c, proc: null });
      await start(name);
    },
    async kill() {
      await Promise.all([...publishers.values()].map(async (p) => {
        await stop(p.proc);
        p.proc = null;
      }));
    },
    freeze() {
      for (const p of publishers.values()) p.proc?.kill('SIGSTOP');
    },
    async restart() {
      await Promise.all([...publishers.keys()].map((n) => start(n)));
    },
    async close() {
      await fixture.kill();
      await stop(nms, 'SIGTERM');
      rmSync(store, { recursive: true, force: true });
    },
  };
  await fixture.publish('cam1', choice);
  return fixture;
}

export interface HlsFixture {
  port: number;
  playlistUrl: string;
  dir: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };

/** Static files with CORS; playlists never cached. */
function staticServer(dir: string): Server {
  return createHttpServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    const type = TYPES[extname(file)];
    if (!file.startsWith(dir) || !type || !existsSync(file)) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, 'Content-Type': type, 'Content-Length': statSync(file).size, 'Cache-Control': type.includes('mpegurl') ? 'no-store' : 'max-age=60' });
    createReadStream(file).pipe(res);
  });
}

export async function startHlsFixture(choice: LoopChoice = {}): Promise<HlsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'hls-fixture-'));
  const server = staticServer(dir);
  const port = await new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));
  const playlistUrl = `http://127.0.0.1:${port}/live.m3u8`;
  let proc: ChildProcess | null = null;
  const start = async () => {
    // A restarted encoder writes a new playlist; the stale one must not look ready.
    rmSync(join(dir, 'live.m3u8'), { force: true });
    const args = ['-re', '-stream_loop', '-1', '-i', loopFile(choice), '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6'];
    args.push('-hls_flags', 'delete_segments+temp_file', '-hls_start_number_source', 'epoch', join(dir, 'live.m3u8'));
    proc = ffmpeg(args, 'ffmpeg → hls');
    await waitFor(async () => {
      const r = await fetch(playlistUrl, { cache: 'no-store' });
      return r.ok && (await r.text()).split('#EXTINF').length > 3;
    }, 'HLS playlist');
  };
  await start();
  return {
    port,
    playlistUrl,
    dir,
    async kill() {
      await stop(proc);
      proc = null;
    },
    restart: start,
    async close() {
      await stop(proc);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
