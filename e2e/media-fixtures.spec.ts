/**
 * The third-party media fixtures the camera-tile specs play against: node-media-server fed
 * by ffmpeg over RTMP (HTTP-FLV and WebSocket-FLV), and ffmpeg's own HLS muxer. Node-level:
 * no page, the real servers and the real bytes.
 */
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { startHlsFixture, startNmsFixture } from './support/media/fixtures';

async function readFor(url: string, ms: number): Promise<Buffer> {
  const ac = new AbortController();
  const r = await fetch(url, { signal: ac.signal });
  expect(r.status).toBe(200);
  const chunks: Buffer[] = [];
  const reader = r.body!.getReader();
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
  } catch {
    // aborted after `ms`
  }
  clearTimeout(timer);
  return Buffer.concat(chunks);
}

/** Timestamps of the whole video tags in an FLV byte stream. */
function videoTimestamps(flv: Buffer): number[] {
  const out: number[] = [];
  let p = 13;
  while (p + 11 <= flv.length) {
    const size = flv.readUIntBE(p + 1, 3);
    if (p + 15 + size > flv.length) break;
    if ((flv[p]! & 0x1f) === 9 && flv[p + 12] === 1) out.push((flv.readUIntBE(p + 4, 3) | (flv[p + 7]! << 24)) >>> 0);
    p += 15 + size;
  }
  return out;
}

test('node-media-server serves ffmpeg RTMP as HTTP-FLV and WebSocket-FLV; kill and restart', async () => {
  test.setTimeout(60_000);
  const nms = await startNmsFixture({ loop: 2 });
  try {
    const flv = await readFor(nms.flvUrl, 2500);
    expect(flv.toString('latin1', 0, 3)).toBe('FLV');
    const ts = videoTimestamps(flv);
    expect(ts.length).toBeGreaterThan(20);
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!);

    const ws = new WebSocket(nms.wsFlvUrl);
    const chunks: Buffer[] = [];
    ws.on('message', (d: Buffer) => chunks.push(d));
    await new Promise((r) => setTimeout(r, 2000));
    ws.close();
    const wsFlv = Buffer.concat(chunks);
    expect(wsFlv.toString('latin1', 0, 3)).toBe('FLV');
    expect(videoTimestamps(wsFlv).length).toBeGreaterThan(20);

    // A player connected while the publisher dies gets no more video (node-media-server keeps
    // the connection open, waiting for a new publisher, so the player must notice the stall).
    const playing = readFor(nms.flvUrl, 5000);
    await new Promise((r) => setTimeout(r, 1500));
    await nms.kill();
    const partial = videoTimestamps(await playing);
    expect(partial.length).toBeGreaterThan(5);
    expect(partial[partial.length - 1]! - partial[0]!).toBeLessThan(3000);

    await nms.restart();
    expect(videoTimestamps(await readFor(nms.flvUrl, 1500)).length).toBeGreaterThan(10);
  } finally {
    await nms.close();
  }
});

test("ffmpeg's HLS muxer: a live playlist that advances, stops when killed, resumes on restart", async () => {
  test.setTimeout(60_000);
  const hls = await startHlsFixture();
  try {
    const seq = async () => {
      const r = await fetch(hls.playlistUrl);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      const text = await r.text();
      expect(text).not.toContain('#EXT-X-ENDLIST');
      return { seq: Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]), last: text.trim().split('\n').pop()! };
    };
    // Sequence numbers start at the epoch second; the window slides once it holds 6 segments.
    const a = await seq();
    await new Promise((r) => setTimeout(r, 2500));
    const b = await seq();
    expect(b.last).not.toBe(a.last);
    expect(b.seq).toBeGreaterThan(1_700_000_000);
    const seg = await fetch(new URL(b.last, hls.playlistUrl));
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(Buffer.from(await seg.arrayBuffer())[0]).toBe(0x47);

    await hls.kill();
    const dead = await seq();
    await new Promise((r) => setTimeout(r, 2500));
    expect((await seq()).last).toBe(dead.last);

    await hls.restart();
    const back = await seq();
    expect(back.seq).toBeGreaterThan(dead.seq);
    expect(back.last).not.toBe(dead.last);
  } finally {
    await hls.close();
  }
});
