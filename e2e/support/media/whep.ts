/**
 * A real WHEP endpoint (RFC 9725) for tests: werift (a WebRTC stack in TypeScript) answers
 * the browser's offer and sends it H.264 that Debian's ffmpeg encodes from a test pattern and
 * sends over RTP to a local UDP port.
 *
 *   const whep = await startWhepFixture();
 *   whep.url          // http://127.0.0.1:<port>/whep/cam1  (POST application/sdp → 201 + Location)
 *   whep.counts       // sessions created / deleted (DELETE) / open
 *   await whep.kill();    // ffmpeg stops: the peer connections stay up, no media flows
 *   await whep.restart(); // a new ffmpeg on the same RTP port
 *   await whep.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { freePort } from './fixtures';

export interface WhepFixture {
  url: string;
  origin: string;
  counts: { created: number; deleted: number; open: number };
  /** RTP packets received from ffmpeg so far. */
  rtpPackets(): number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const H264 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/H264',
    clockRate: 90000,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
    parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
  });

function cors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Expose-Headers', 'Location');
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

export async function startWhepFixture(): Promise<WhepFixture> {
  const rtpPort = await freePort();
  const udp = createSocket('udp4');
  await new Promise<void>((ok) => udp.bind(rtpPort, '127.0.0.1', () => ok()));
  const tracks = new Set<MediaStreamTrack>();
  let packets = 0;
  udp.on('message', (data) => {
    packets++;
    for (const t of tracks) t.writeRtp(data);
  });

  const sessions = new Map<string, { pc: RTCPeerConnection; track: MediaStreamTrack }>();
  const counts = { created: 0, deleted: 0, open: 0 };
  const end = (id: string) => {
    const s = sessions.get(id);
    if (!s) return false;
    sessions.delete(id);
    tracks.delete(s.track);
    void s.pc.close();
    counts.open = sessions.size;
    return true;
  };

  const server = createServer((req, res) => {
    cors(res);
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const m = /^\/whep\/([\w-]+)(?:\/([\w-]+))?$/.exec(path);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'DELETE' && m[2]) {
      const ok = end(m[2]);
      if (ok) counts.deleted++;
      res.writeHead(ok ? 200 : 404).end();
      return;
    }
    if (req.method !== 'POST' || m[2]) {
      res.writeHead(405).end();
      return;
    }
    let offer = '';
    void (async () => {
      try {
        offer = await body(req);
        const pc = new RTCPeerConnection({ codecs: { video: [H264()], audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })] }, iceUseIpv6: false });
        const track = new MediaStreamTrack({ kind: 'video' });
        pc.addTransceiver(track, { direction: 'sendonly' });
        await pc.setRemoteDescription({ type: 'offer', sdp: offer });
        await pc.setLocalDescription(await pc.createAnswer());
        const id = randomUUID();
        sessions.set(id, { pc, track });
        tracks.add(track);
        counts.created++;
        counts.open = sessions.size;
        pc.connectionStateChange.subscribe((state) => {
          if (state === 'failed' || state === 'closed') end(id);
        });
        res.writeHead(201, { 'Content-Type': 'application/sdp', Location: `/whep/${m[1]}/${id}` });
        res.end(pc.localDescription?.sdp ?? '');
      } catch (e) {
        const codecs = offer.split(/\r?\n/).filter((l) => l.startsWith('a=rtpmap') || l.startsWith('m=')).join(' | ');
        process.stderr.write(`[whep fixture] offer refused: ${e instanceof Error ? e.message : String(e)}; offer: ${codecs}\n`);
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(e instanceof Error ? e.message : String(e));
      }
    })();
  });
  const port = await new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));

  let proc: ChildProcess | null = null;
  const start = async () => {
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25'];
    args.push('-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25');
    args.push('-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${rtpPort}?pkt_size=1200`);
    proc = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const before = packets;
    const until = Date.now() + 10_000;
    while (packets - before < 50) {
      if (Date.now() > until) throw new Error('whep fixture: no RTP from ffmpeg within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGKILL');
    await gone;
  };
  process.once('exit', () => proc?.kill('SIGKILL'));
  await start();

  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/whep/cam1`,
    origin,
    counts,
    rtpPackets: () => packets,
    kill: stop,
    restart: start,
    async close() {
      await stop();
      for (const id of [...sessions.keys()]) end(id);
      udp.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}
