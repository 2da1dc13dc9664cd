// The WHEP player in Chromium against a real WebRTC stack (werift, fed H.264 over RTP by
// ffmpeg): the tile plays, a dead encoder makes it stalled and then fall back to the next
// protocol of the camera, and a tour leaves no peer connection open.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { startStreamServerProcess } from '../scripts/lib/stream-server-process.mjs';
import { ARTIFACTS, connectAdmin, diagnostics, forbidExternalRequests, newToken, setCameraOutage, startWeb, wallUrl, type StreamServer, type VideoTileReport } from './support/harness';
import { startWhepFixture, type WhepFixture } from './support/media/whep';

const CAM = { whep: 'cam-00201', mjpeg: 'cam-00202' } as const;
const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;
let admin: Socket;
let whep: WhepFixture;
let dir: string;


const tileOf = async (page: Page, id: string): Promise<VideoTileReport | undefined> => (await diagnostics(page)).video.tiles.list.find((t) => t.cameraId === id);

test.beforeAll(async () => {
  test.setTimeout(90_000);
  whep = await startWhepFixture();
  dir = mkdtempSync(join(tmpdir(), 'camera-streams-whep-'));
  const file = join(dir, 'camera-streams.json');
  writeFileSync(
    file,
    JSON.stringify({
      // WHEP first; MJPEG from the demo server is the fallback.
      [CAM.whep]: { streams: [{ protocol: 'webrtc-whep', quality: 'sub', url: whep.url }, { protocol: 'mjpeg', quality: 'sub', url: `{base}/media/${CAM.whep}/sub.mjpeg` }] },
      [CAM.mjpeg]: { streams: [{ protocol: 'mjpeg', quality: 'sub', url: `{base}/media/${CAM.mjpeg}/sub.mjpeg` }] },
    }),
  );
  server = await startStreamServerProcess({ token, seed: 7, extraArgs: ['--camera-streams', file] });
  web = await startWeb();
  admin = await connectAdmin(server.url, token, 'e2e video whep');
  for (const id of Object.values(CAM)) await setCameraOutage(admin, id, false);
});

test.afterAll(async () => {
  admin?.close();
  await server?.stop();
  await web?.close();
  await whep?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a WHEP tile plays from werift, stalls when the encoder dies and falls back to MJPEG', async ({ page }) => {
  test.setTimeout(120_000);
  const external: string[] = [];
  forbidExternalRequests(page, external);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(wallUrl(web.port, server.url, token, 'cameras', `&layout=1&cameras=${CAM.whep}&media=${encodeURIComponent(whep.origin)}`));
  const tile = page.locator(`.cam-tile[data-camera="${CAM.whep}"]`);
  const t0 = Date.now();
  // Why a WHEP attempt failed, if it does (the tile would move on to MJPEG).
  const reasons = new Set<string>();
  await expect
    .poll(
      async () => {
        const t = await tileOf(page, CAM.whep);
        if (t?.reason) reasons.add(`${t.protocol}: ${t.reason}`);
        return `${t?.protocol} ${t?.phase}`;
      },
      { timeout: 30_000 },
    )
    .toBe('webrtc-whep playing');
  expect([...reasons]).toEqual([]);
  console.log(`[video whep] playing after ${Date.now() - t0} ms; ${whep.counts.created} session(s) at the endpoint`);
  const a = (await tileOf(page, CAM.whep))!.decodedFrames;
  await page.waitForTimeout(4000);
  const b = (await tileOf(page, CAM.whep))!.decodedFrames;
  console.log(`[video whep] ${b - a} frames decoded in 4 s`);
  expect(b - a).toBeGreaterThan(40);
  await expect(tile.locator('.cam-clock.live')).toHaveCount(1);
  await page.screenshot({ path: `${ARTIFACTS}/video-whep-playing.png` });

  // Every reason the tile shows, however briefly (one lasts about as long as the next attempt takes to open).
  await page.evaluate((id) => {
    const el = document.querySelector(`.cam-tile[data-camera="${id}"]`)!;
    const seen: string[] = [];
    (window as unknown as { tileReasons: string[] }).tileReasons = seen;
    new MutationObserver(() => {
      const r = el.getAttribute('data-reason');
      if (r) seen.push(r);
    }).observe(el, { attributes: true, attributeFilter: ['data-reason'] });
  }, CAM.whep);
  await whep.kill();
  const killedAt = Date.now();
  await expect(tile).not.toHaveAttribute('data-phase', 'playing', { timeout: 10_000 });
  console.log(`[video whep] encoder killed → ${await tile.getAttribute('data-phase')} after ${Date.now() - killedAt} ms`);
  await expect(tile.locator('.cam-clock.live')).toHaveCount(0);
  // The WHEP session still connects but brings no video: the player says so after 4 s of
  // silence instead of waiting out the 12 s first-frame timeout, and the next protocol plays.
  await expect
    .poll(
      async () => {
        const t = await tileOf(page, CAM.whep);
        return `${t?.protocol} ${t?.phase}`;
      },
      { timeout: 25_000 },
    )
    .toBe('mjpeg playing');
  const fallbackReasons = new Set(await page.evaluate(() => (window as unknown as { tileReasons: string[] }).tileReasons));
  console.log(`[video whep] fell back to MJPEG ${Date.now() - killedAt} ms after the encoder died; reasons: ${[...fallbackReasons].join(' | ')}`);
  expect([...fallbackReasons].some((r) => r.includes('no video from the gateway'))).toBe(true);
  await whep.restart();
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});

test('a tour through a WHEP tile closes every peer connection it opened', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(wallUrl(web.port, server.url, token, 'cameras', `&layout=1&tour=2&cameras=${CAM.whep},${CAM.mjpeg}&media=${encodeURIComponent(whep.origin)}`));
  await page.waitForTimeout(20_000);
  // Let the last teardown and DELETE run.
  await page.waitForTimeout(2000);
  const v = (await diagnostics(page)).video;
  const pcs = v.peerConnections!;
  const whepLive = v.players.byProtocol['webrtc-whep'] ?? 0;
  console.log(`[video whep] tour: ${pcs.created} peer connections created, ${pcs.closed} closed, ${whepLive} WHEP player live; endpoint sessions ${JSON.stringify(whep.counts)}`);
  expect(pcs.created).toBeGreaterThanOrEqual(3);
  expect(pcs.created - pcs.closed).toBe(whepLive);
  expect(whep.counts.open).toBeLessThanOrEqual(whepLive);
  expect(errors).toEqual([]);
});
