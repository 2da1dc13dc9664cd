// Our players in Chromium against streams we did not write: node-media-server's HTTP-FLV and
// WS-FLV (fed by ffmpeg over RTMP) and ffmpeg's own HLS muxer, each pointed at a camera with
// the server's --camera-streams file; plus MJPEG-only and snapshot-fallback cameras. Each
// upstream is killed and restarted: the tile must stop claiming to be live, then play again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { startStreamServerProcess } from '../scripts/lib/stream-server-process.mjs';
import { ARTIFACTS, connectAdmin, diagnostics, forbidExternalRequests, newToken, setCameraOutage, startWeb, wallUrl, type StreamServer, type VideoTileReport } from './support/harness';
import { startHlsFixture, startNmsFixture, type HlsFixture, type NmsFixture } from './support/media/fixtures';
import { startFaultyGateway, type FaultyGateway } from './support/media/gateway';

/** Which camera plays what (ids of the simulation's cameras, forced online before each test). */
const CAM = {
  nmsHttpFlv: 'cam-00101',
  nmsWsFlv: 'cam-00102',
  ffmpegHls: 'cam-00103',
  mjpegOnly: 'cam-00104',
  viaGateway: 'cam-00105',
  hungWsFlv: 'cam-00106',
} as const;

const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;
let admin: Socket;
let nms: NmsFixture;
let hls: HlsFixture;
let gateway: FaultyGateway;
let dir: string;
/** Accepts TCP connections and never answers: a gateway whose WebSocket handshake hangs. */
let hung: { server: TcpServer; port: number; sockets: Set<TcpSocket> };


async function tiles(page: Page): Promise<VideoTileReport[]> {
  return (await diagnostics(page)).video.tiles.list;
}

/** Waits until every tile plays; a failure lists each tile's phase, protocol and reason. */
async function allPlaying(page: Page, ids: string[], timeout: number): Promise<void> {
  const states = () =>
    page.locator('.cam-tile[data-camera]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-camera')} ${e.getAttribute('data-phase')} ${e.getAttribute('data-protocol')} ${e.getAttribute('data-reason')}`.trim()).sort(),
    );
  // Every asked-for tile present and playing (an empty grid before the view has rendered is not "all playing").
  const notPlaying = async () => {
    const st = await states();
    return [...st.filter((s) => s.split(' ')[1] !== 'playing'), ...ids.filter((id) => !st.some((s) => s.split(' ')[0] === id)).map((id) => `${id} missing`)];
  };
  await expect.poll(notPlaying, { timeout }).toEqual([]);
}

let pageErrors: string[] = [];
async function open(page: Page, cameraIds: string[], mediaOrigins: string[]): Promise<void> {
  const external: string[] = [];
  forbidExternalRequests(page, external);
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1920, height: 1080 });
  // media=: the gateways' origins go into this page's CSP only (shared/hosting), not everyone's.
  const media = mediaOrigins.length ? `&media=${encodeURIComponent(mediaOrigins.join(','))}` : '';
  await page.goto(wallUrl(web.port, server.url, token, 'cameras', `&layout=4&cameras=${cameraIds.join(',')}${media}`));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
  expect(external).toEqual([]);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [nms, hls, gateway] = await Promise.all([startNmsFixture({ loop: 2, quality: 'sub' }), startHlsFixture({ loop: 3, quality: 'sub' }), startFaultyGateway()]);
  const sockets = new Set<TcpSocket>();
  const hungServer = createTcpServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
  });
  const hungPort = await new Promise<number>((ok) => hungServer.listen(0, '127.0.0.1', () => ok((hungServer.address() as { port: number }).port)));
  hung = { server: hungServer, port: hungPort, sockets };
  dir = mkdtempSync(join(tmpdir(), 'camera-streams-'));
  const file = join(dir, 'camera-streams.json');
  const gw = (path: string) => `${gateway.origin}/media/${CAM.viaGateway}/${path}`;
  writeFileSync(
    file,
    JSON.stringify({
      [CAM.nmsHttpFlv]: { streams: [{ protocol: 'http-flv', quality: 'sub', url: nms.flvUrl }] },
      [CAM.nmsWsFlv]: { streams: [{ protocol: 'ws-flv', quality: 'sub', url: nms.wsFlvUrl }] },
      [CAM.ffmpegHls]: { streams: [{ protocol: 'hls', quality: 'sub', url: hls.playlistUrl }] },
      [CAM.hungWsFlv]: { streams: [{ protocol: 'ws-flv', quality: 'sub', url: `ws://127.0.0.1:${hung.port}/live/hung.flv` }] },
      [CAM.mjpegOnly]: { streams: [{ protocol: 'mjpeg', quality: 'sub', url: `{base}/media/${CAM.mjpegOnly}/sub.mjpeg` }] },
      // Live only through the gateway; the snapshot straight from the server, so it outlives the gateway.
      [CAM.viaGateway]: {
        streams: [
          { protocol: 'http-flv', quality: 'sub', url: gw('sub.flv') },
          { protocol: 'hls', quality: 'sub', url: gw('sub.m3u8') },
        ],
        snapshotUrl: `{base}/media/${CAM.viaGateway}/snapshot.jpg`,
      },
    }),
  );
  server = await startStreamServerProcess({ token, seed: 7, extraArgs: ['--camera-streams', file] });
  gateway.upstream = server.url;
  web = await startWeb();
  admin = await connectAdmin(server.url, token, 'e2e video third-party');
});

test.afterAll(async () => {
  admin?.close();
  await server?.stop();
  await web?.close();
  await Promise.all([nms?.close(), hls?.close(), gateway?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (hung) {
    for (const s of hung.sockets) s.destroy();
    hung.server.close();
  }
});

test('a tour away from a WS-FLV tile whose handshake hangs: no uncaught error, no player left behind', async ({ page }) => {
  test.setTimeout(60_000);
  for (const id of [CAM.hungWsFlv, CAM.mjpegOnly]) await setCameraOutage(admin, id, false);
  const external: string[] = [];
  forbidExternalRequests(page, external);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message || String(e)));
  await page.setViewportSize({ width: 1280, height: 720 });
  // One tile, a new camera every 2 s: the hung camera's player is destroyed while its socket is still connecting.
  const media = encodeURIComponent(`http://127.0.0.1:${hung.port}`);
  await page.goto(wallUrl(web.port, server.url, token, 'cameras', `&layout=1&tour=2&cameras=${CAM.hungWsFlv},${CAM.mjpegOnly}&media=${media}`));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
  const seen = new Set<string>();
  const t0 = Date.now();
  let hungShown = 0;
  let last = '';
  while (Date.now() - t0 < 12_000) {
    const [t] = await tiles(page);
    if (t && t.cameraId !== last) {
      last = t.cameraId;
      if (t.cameraId === CAM.hungWsFlv) hungShown++;
    }
    if (t) seen.add(`${t.cameraId}:${t.phase}`);
    await page.waitForTimeout(200);
  }
  // Let the last deferred closes run.
  await page.waitForTimeout(3500);
  console.log(`[video 3p] hung WS-FLV shown ${hungShown}×, states ${[...seen].join(', ')}; ${hung.sockets.size} sockets still open at the gateway; uncaught: ${errors.length}`);
  expect(hungShown).toBeGreaterThanOrEqual(2);
  expect(seen.has(`${CAM.hungWsFlv}:connecting`)).toBe(true);
  expect(errors).toEqual([]);
  const v = (await diagnostics(page)).video;
  expect(v.players.opened - v.players.closed).toBe(v.players.live);
  expect(v.players.live).toBeLessThanOrEqual(1);
  expect(external).toEqual([]);
});

test('node-media-server HTTP-FLV and WS-FLV, ffmpeg HLS and MJPEG play; killed upstreams stop looking live and play again', async ({ page }) => {
  test.setTimeout(180_000);
  const ids = [CAM.nmsHttpFlv, CAM.nmsWsFlv, CAM.ffmpegHls, CAM.mjpegOnly];
  for (const id of ids) await setCameraOutage(admin, id, false);
  await open(page, ids, [nms.flvUrl, hls.playlistUrl]);
  const tile = (id: string) => page.locator(`.cam-tile[data-camera="${id}"]`);
  const t0 = Date.now();
  await allPlaying(page, ids, 45_000);
  console.log(`[video 3p] 4 third-party tiles playing after ${Date.now() - t0} ms`);
  const expected: Record<string, string> = { [CAM.nmsHttpFlv]: 'http-flv', [CAM.nmsWsFlv]: 'ws-flv', [CAM.ffmpegHls]: 'hls', [CAM.mjpegOnly]: 'mjpeg' };
  for (const [id, protocol] of Object.entries(expected)) await expect(tile(id)).toHaveAttribute('data-protocol', protocol);
  // Decoded frames advance on every <video> tile; the MJPEG tile's picture keeps changing (it stays "playing" only on new images).
  const a = await tiles(page);
  await page.waitForTimeout(4000);
  const b = await tiles(page);
  for (const id of [CAM.nmsHttpFlv, CAM.nmsWsFlv, CAM.ffmpegHls]) {
    const before = a.find((t) => t.cameraId === id)!.decodedFrames;
    const after = b.find((t) => t.cameraId === id)!.decodedFrames;
    console.log(`[video 3p] ${expected[id]}: ${after - before} frames decoded in 4 s`);
    expect(after - before, `${expected[id]} frames in 4 s`).toBeGreaterThan(4);
  }
  await expect(tile(CAM.mjpegOnly)).toHaveAttribute('data-phase', 'playing');
  await expect(page.locator('.cam-clock.live')).toHaveCount(4);
  await page.screenshot({ path: `${ARTIFACTS}/video-third-party-playing.png` });

  // Kill both upstreams: node-media-server keeps the players connected but sends nothing, ffmpeg's playlist freezes.
  await Promise.all([nms.kill(), hls.kill()]);
  const killedAt = Date.now();
  for (const id of [CAM.nmsHttpFlv, CAM.nmsWsFlv, CAM.ffmpegHls]) {
    await expect(tile(id)).not.toHaveAttribute('data-phase', 'playing', { timeout: 15_000 });
    console.log(`[video 3p] ${expected[id]}: upstream killed → ${await tile(id).getAttribute('data-phase')} after ${Date.now() - killedAt} ms`);
    await expect(tile(id).locator('.cam-clock.live')).toHaveCount(0);
  }
  await expect(tile(CAM.mjpegOnly)).toHaveAttribute('data-phase', 'playing');
  await page.screenshot({ path: `${ARTIFACTS}/video-third-party-killed.png` });

  await Promise.all([nms.restart(), hls.restart()]);
  const restartedAt = Date.now();
  for (const id of [CAM.nmsHttpFlv, CAM.nmsWsFlv, CAM.ffmpegHls]) {
    await expect(tile(id)).toHaveAttribute('data-phase', 'playing', { timeout: 60_000 });
    console.log(`[video 3p] ${expected[id]}: playing again ${Date.now() - restartedAt} ms after the upstream restarted`);
  }
  const r = await tiles(page);
  for (const id of [CAM.nmsHttpFlv, CAM.nmsWsFlv, CAM.ffmpegHls]) expect(r.find((t) => t.cameraId === id)!.reconnects).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
});

test('a hung upstream behind node-media-server: reconnects get only the cached GOP and never look live', async ({ page }) => {
  test.setTimeout(120_000);
  const ids = [CAM.nmsHttpFlv, CAM.nmsWsFlv];
  // A full grid of four: the MJPEG and HLS neighbours keep playing.
  const grid = [...ids, CAM.mjpegOnly, CAM.ffmpegHls];
  for (const id of grid) await setCameraOutage(admin, id, false);
  await open(page, grid, [nms.flvUrl, hls.playlistUrl]);
  await allPlaying(page, grid, 45_000);
  // The publisher hangs with its RTMP session open: NMS answers every new player with its
  // cached GOP (one second of old frames), then nothing.
  nms.freeze();
  const frozenAt = Date.now();
  const timeline = new Map<string, { t: number; phase: string; reconnects: number }[]>(ids.map((id) => [id, []]));
  let shot = false;
  while (Date.now() - frozenAt < 25_000) {
    for (const t of await tiles(page)) timeline.get(t.cameraId)?.push({ t: Date.now(), phase: t.phase, reconnects: t.reconnects });
    if (!shot && Date.now() - frozenAt > 8000) {
      await page.screenshot({ path: `${ARTIFACTS}/video-gop-cache-reconnecting.png` });
      shot = true;
    }
    await page.waitForTimeout(100);
  }
  for (const id of ids) {
    const samples = timeline.get(id)!;
    const firstNotLive = samples.find((x) => x.phase !== 'playing');
    expect(firstNotLive, `${id} stops looking live`).toBeDefined();
    // After the first stall, the longest run of "playing" (each reconnect decodes the cached GOP).
    let longest = 0;
    let runStart: number | null = null;
    for (const x of samples.filter((x) => x.t >= firstNotLive!.t)) {
      if (x.phase === 'playing') runStart ??= x.t;
      else if (runStart !== null) {
        longest = Math.max(longest, x.t - runStart);
        runStart = null;
      }
    }
    if (runStart !== null) longest = Math.max(longest, samples[samples.length - 1]!.t - runStart);
    const last = samples[samples.length - 1]!;
    console.log(`[video gop] ${id}: not live ${firstNotLive!.t - frozenAt} ms after the upstream hung; ${last.reconnects} reconnects in 25 s; longest "playing" after that ${longest} ms; now ${last.phase}`);
    expect(last.reconnects, `${id} kept reconnecting`).toBeGreaterThanOrEqual(2);
    expect(longest, `${id} looked live on a cached GOP`).toBeLessThanOrEqual(3000);
    expect(last.phase).not.toBe('playing');
  }
  for (const id of ids) await expect(page.locator(`.cam-tile[data-camera="${id}"] .cam-clock.live`)).toHaveCount(0);
  await nms.kill();
  await nms.restart();
  await allPlaying(page, grid, 60_000);
  expect(pageErrors).toEqual([]);
});

test('every live protocol failing: the tile shows the labelled snapshot, refreshed, then returns to live', async ({ page }) => {
  test.setTimeout(150_000);
  // The gateway camera with neighbours: one that keeps playing (MJPEG) and one whose upstream is killed (HLS), for the picture.
  const grid = [CAM.viaGateway, CAM.mjpegOnly, CAM.ffmpegHls, CAM.nmsWsFlv];
  for (const id of grid) await setCameraOutage(admin, id, false);
  gateway.failing = false;
  // media= takes http(s) URLs; the WebSocket origin of the same host comes with it.
  await open(page, grid, [gateway.origin, hls.playlistUrl, nms.flvUrl]);
  const tile = page.locator(`.cam-tile[data-camera="${CAM.viaGateway}"]`);
  await allPlaying(page, grid, 45_000);

  gateway.failing = true;
  const failedAt = Date.now();
  await expect(tile).toHaveAttribute('data-phase', 'snapshot', { timeout: 20_000 });
  console.log(`[video snapshot] live failed on every protocol → snapshot after ${Date.now() - failedAt} ms`);
  await hls.kill();
  const label = tile.locator('.cam-snapshot-label b');
  // Chinese by default: "快照 hh:mm:ss · 非实时"; never the live state or a live clock.
  await expect(label).toHaveText(/^快照 \d\d:\d\d:\d\d · 非实时$/);
  await expect(tile.locator('.cam-phase')).toHaveText('快照');
  await expect(tile.locator('.cam-clock.live')).toHaveCount(0);
  await expect(tile.locator('img.cam-snapshot')).toBeVisible();
  const first = await label.textContent();
  // Refreshed every few seconds: the picture's time moves on.
  await expect(label).not.toHaveText(first!, { timeout: 10_000 });
  const colour = await tile.locator('.cam-phase').evaluate((el) => getComputedStyle(el).backgroundColor);
  const stalledColour = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.className = 'cam-phase phase-stalled';
    document.body.append(probe);
    const c = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return c;
  });
  expect(colour, 'snapshot badge uses the degraded (stalled) colour').toBe(stalledColour);
  // Neither the protocol nor "fallback from" is named: the picture came from none of them.
  await expect(tile.locator('.cam-proto')).toHaveCount(0);
  const hlsTile = page.locator(`.cam-tile[data-camera="${CAM.ffmpegHls}"]`);
  await expect(hlsTile).toHaveAttribute('data-phase', 'stalled', { timeout: 15_000 });
  await expect(page.locator(`.cam-tile[data-camera="${CAM.mjpegOnly}"]`)).toHaveAttribute('data-phase', 'playing');
  // Snapshot, stalled and live side by side: three states, three looks.
  await page.screenshot({ path: `${ARTIFACTS}/video-snapshot-fallback.png` });
  await hls.restart();
  expect(gateway.counts.refused).toBeGreaterThan(1);

  gateway.failing = false;
  const healedAt = Date.now();
  await expect(tile).toHaveAttribute('data-phase', 'playing', { timeout: 45_000 });
  console.log(`[video snapshot] gateway healed → live again after ${Date.now() - healedAt} ms`);
  await expect(tile.locator('img.cam-snapshot')).toHaveCount(0);
  await expect(tile.locator('.cam-snapshot-label')).toHaveCount(0);
  await expect(tile.locator('.cam-clock.live')).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test('a snapshot that fails too: the tile shows the error with its reason', async ({ page }) => {
  test.setTimeout(90_000);
  await setCameraOutage(admin, CAM.viaGateway, false);
  gateway.failing = true;
  await open(page, [CAM.viaGateway], [gateway.origin]);
  const tile = page.locator(`.cam-tile[data-camera="${CAM.viaGateway}"]`);
  await expect(tile).toHaveAttribute('data-phase', 'snapshot', { timeout: 30_000 });
  // Now the camera itself goes down: its snapshot answers 503 as well.
  await setCameraOutage(admin, CAM.viaGateway, true);
  await expect(tile).toHaveAttribute('data-phase', /^(error|offline)$/, { timeout: 20_000 });
  await expect(tile).toHaveAttribute('data-reason', /snapshot HTTP 503/);
  // On screen in the wall's language (Chinese here), the technical reason in the tooltip.
  const reason = tile.locator('.cam-notice .cam-reason', { hasText: '快照' });
  await expect(reason).toContainText('快照：视频服务器故障（HTTP 503）');
  await expect(reason).toHaveAttribute('title', /snapshot HTTP 503/);
  await page.screenshot({ path: `${ARTIFACTS}/video-snapshot-failed.png` });
  gateway.failing = false;
  await setCameraOutage(admin, CAM.viaGateway, false);
  await expect(tile).toHaveAttribute('data-phase', 'playing', { timeout: 20_000 });
});
