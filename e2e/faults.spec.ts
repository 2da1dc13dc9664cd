// Faults with real processes: a TCP proxy between the wall page and the stream server drops,
// delays, throttles and blackholes the link; the server process is paused, killed and
// restarted; the simulation runs ten times faster. In every case the wall says what is
// wrong, keeps animating, and afterwards holds exactly the server's state: every entity of
// every topic is compared with an independent client connected straight to the server.
import { expect, test, type Page } from '@playwright/test';
import { startStreamServerProcess } from '../scripts/lib/stream-server-process.mjs';
import { startWebServer } from '../scripts/lib/serve-web.mjs';
import { ARTIFACTS, diagnostics, newToken, wallUrl, type StreamServer } from './support/harness';
import { compareWithMirror, startServerMirror, type ServerMirror, type TopicDiff } from './support/server-mirror';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import type { WorldDump } from '../renderer/diagnostics/worldDump';
import { TOPICS } from '../shared/protocol';

/**
 * A frame gap longer than this is a freeze a duty officer would notice — or, on a machine
 * so busy that the calm wall already stutters, three times the longest gap measured in a
 * calm baseline of the same run (faults must not freeze the wall beyond the machine's noise).
 */
const MAX_FRAME_GAP_MS = 1_500;
const CALM_BASELINE_MS = 6_000;
let calmGap = 0;
const freezeLimit = () => Math.max(MAX_FRAME_GAP_MS, 3 * calmGap);


function startWeb(): Promise<{ port: number; close(): Promise<void> }> {
  return startWebServer({ port: 0 });
}

/** The stream server without demo video (not under test here, and it costs CPU). */
function startServer(opts: { token: string; seed: number; speed?: number; port?: number }): Promise<StreamServer> {
  return startStreamServerProcess({ token: opts.token, seed: opts.seed, speed: opts.speed ?? 1, port: opts.port ?? 0, extraArgs: ['--media', 'off'] });
}

// The dashboard: every topic's figures on one page, lighter than the map under SwiftShader.
async function openWall(page: Page, webPort: number, proxy: TcpProxy, token: string, view = 'dashboard'): Promise<void> {
  // A heartbeat of our own, independent of the app: the longest gap between two frames.
  await page.addInitScript(() => {
    const w = window as unknown as { __gap: { max: number; last: number } };
    w.__gap = { max: 0, last: 0 };
    const loop = (t: number) => {
      if (w.__gap.last) w.__gap.max = Math.max(w.__gap.max, t - w.__gap.last);
      w.__gap.last = t;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  await page.goto(wallUrl(webPort, proxy.url, token, view, '&diag=1'));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 60_000 }).toBe('connected');
  await expect.poll(async () => (await diagnostics(page)).counts.units, { timeout: 60_000 }).toBeGreaterThan(0);
  await longestFrameGap(page);
  await page.waitForTimeout(CALM_BASELINE_MS);
  calmGap = await longestFrameGap(page);
  console.log(`[faults] calm baseline: longest frame gap ${calmGap} ms → freeze limit ${freezeLimit()} ms`);
}

/** Longest frame gap since the last call, and resets it. */
async function longestFrameGap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = (window as unknown as { __gap: { max: number } }).__gap;
    const max = g.max;
    g.max = 0;
    return Math.round(max);
  });
}

/**
 * Polls until every topic has been compared at a matching seq with no difference. A
 * difference at a matching seq fails at once: that is a lost, duplicated or stale entity.
 */
async function expectSameAsServer(page: Page, mirror: ServerMirror, label: string): Promise<number> {
  const seen = new Set<string>();
  let entities = 0;
  const t0 = Date.now();
  let dump: WorldDump | null = null;
  while (seen.size < TOPICS.length) {
    if (Date.now() - t0 > 30_000) {
      const missing = TOPICS.filter((t) => !seen.has(t)).join(', ');
      throw new Error(`${label}: never compared at a matching seq: ${missing}; wall seq ${JSON.stringify(dump?.seq)} awaiting ${dump?.awaiting}; server seq ${JSON.stringify(mirror.seq())}`);
    }
    dump = await page.evaluate(() => (window as unknown as { wallWorldDump: () => WorldDump }).wallWorldDump());
    const { compared, diffs } = compareWithMirror(dump, mirror);
    const brief = (d: TopicDiff) =>
      `${d.topic}: missing ${d.missing.length} [${d.missing.slice(0, 3)}], extra ${d.extra.length} [${d.extra.slice(0, 3)}], out of date ${d.outOfDate.length} [${d.outOfDate.slice(0, 3)}]${d.example ? ` e.g. server ${d.example.server} wall ${d.example.wall}` : ''}`;
    expect(diffs.map(brief), `${label}: wall differs from the server`).toEqual([]);
    for (const t of compared) {
      if (!seen.has(t)) entities += Object.keys(dump.entities[t]).length;
      seen.add(t);
    }
    if (seen.size < TOPICS.length) await page.waitForTimeout(150);
  }
  expect(mirror.errors(), 'the direct link itself lost messages').toEqual([]);
  // Digesting every entity is the test's own main-thread work: frame gaps are judged
  // during the faults, not during these comparisons.
  await longestFrameGap(page);
  return entities;
}

async function expectStaleShown(page: Page): Promise<void> {
  // Units are expected every 5 s; past that the wall must say so.
  await expect.poll(async () => (await diagnostics(page)).stale.map((s) => s.topic), { timeout: 15_000 }).toContain('units');
  // A stale topic on a live link is a chip; with the link down, one line says the screen holds the last data.
  await expect(page.locator('.topbar-stale .stale-chip, [data-testid="last-data"]').first()).toBeVisible();
}

interface Rig {
  token: string;
  server: StreamServer;
  proxy: TcpProxy;
  web: { port: number; close(): Promise<void> };
  mirror: ServerMirror;
}

async function rig(opts: { speed?: number; seed?: number } = {}): Promise<Rig> {
  const token = newToken();
  const server = await startServer({ token, seed: opts.seed ?? 21, speed: opts.speed ?? 1 });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
  const web = await startWeb();
  const mirror = await startServerMirror(server.url, token);
  return { token, server, proxy, web, mirror };
}

async function teardown(r: Rig): Promise<void> {
  r.mirror.close();
  await r.proxy.close();
  await r.server.stop();
  await r.web.close();
}

test('link faults through a TCP proxy: drops, latency, throttling and a blackhole lose nothing', async ({ page }) => {
  test.setTimeout(360_000);
  const r = await rig();
  const log: string[] = [];
  try {
    await openWall(page, r.web.port, r.proxy, r.token);
    log.push(`baseline: ${await expectSameAsServer(page, r.mirror, 'baseline')} entities equal`);
    let worstGap = 0;
    const phase = async () => (worstGap = Math.max(worstGap, await longestFrameGap(page)));

    // Three drops in a row, two seconds apart: the link flaps.
    for (let i = 0; i < 3; i++) {
      r.proxy.drop();
      await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 10_000 }).not.toBe('connected');
      await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 20_000 }).toBe('connected');
    }
    await phase();
    log.push(`after 3 drops (${r.proxy.accepted()} connections): ${await expectSameAsServer(page, r.mirror, 'after drops')} entities equal`);

    // A drop that stays down: the wall says it is reconnecting and keeps the last picture.
    const before = (await diagnostics(page)).counts.units;
    r.proxy.refuse(true);
    r.proxy.drop();
    await expect(page.getByTestId('connection')).toContainText(/正在重连|离线/, { timeout: 10_000 });
    await expectStaleShown(page);
    expect((await diagnostics(page)).counts.units, 'the last picture stays').toBe(before);
    await page.screenshot({ path: `${ARTIFACTS}/faults-link-down.png` });
    r.proxy.refuse(false);
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
    await phase();
    log.push(`after an outage: ${await expectSameAsServer(page, r.mirror, 'after outage')} entities equal`);

    r.proxy.setMode({ kind: 'delay', ms: 400 });
    await page.waitForTimeout(4_000);
    await phase();
    log.push(`with 400 ms latency: ${await expectSameAsServer(page, r.mirror, 'latency')} entities equal`);

    r.proxy.setMode({ kind: 'throttle', bytesPerSecond: 256 * 1024 });
    await page.waitForTimeout(4_000);
    await phase();
    log.push(`throttled to 256 KiB/s: ${await expectSameAsServer(page, r.mirror, 'throttle')} entities equal`);

    // Blackhole: the socket stays open but nothing flows; only staleness can tell.
    r.proxy.setMode({ kind: 'blackhole' });
    await expectStaleShown(page);
    await page.screenshot({ path: `${ARTIFACTS}/faults-blackhole.png` });
    r.proxy.setMode({ kind: 'pass' });
    await expect.poll(async () => (await diagnostics(page)).stale.map((s) => s.topic), { timeout: 15_000 }).not.toContain('units');
    await phase();
    log.push(`after an 8 s blackhole: ${await expectSameAsServer(page, r.mirror, 'blackhole')} entities equal`);

    log.push(`longest frame gap during faults ${worstGap} ms`);
    expect(worstGap, 'the wall never froze').toBeLessThan(freezeLimit());
    const d = await diagnostics(page);
    log.push(`resyncs ${d.resyncs}, rejected ${d.rejected.total}`);
    expect(d.rejected.total, 'nothing the server sent was invalid').toBe(0);
  } finally {
    console.log(`[faults] link: ${log.join('; ')}`);
    await teardown(r);
  }
});

test('the server paused with SIGSTOP: stale while frozen, identical after SIGCONT', async ({ page }) => {
  test.setTimeout(240_000);
  const r = await rig({ seed: 22 });
  const log: string[] = [];
  try {
    await openWall(page, r.web.port, r.proxy, r.token);
    await longestFrameGap(page);
    process.kill(r.server.pid, 'SIGSTOP');
    try {
      await expectStaleShown(page);
      await page.screenshot({ path: `${ARTIFACTS}/faults-server-paused.png` });
    } finally {
      process.kill(r.server.pid, 'SIGCONT');
    }
    const gap = await longestFrameGap(page);
    log.push(`after a pause: ${await expectSameAsServer(page, r.mirror, 'pause')} entities equal`);
    log.push(`longest frame gap ${gap} ms`);
    expect(gap).toBeLessThan(freezeLimit());
  } finally {
    console.log(`[faults] pause: ${log.join('; ')}`);
    await teardown(r);
  }
});

test('the server killed and restarted: the wall takes the new server state, nothing of the old stays', async ({ page }) => {
  test.setTimeout(240_000);
  let r = await rig({ seed: 23 });
  const log: string[] = [];
  try {
    await openWall(page, r.web.port, r.proxy, r.token);
    await longestFrameGap(page);
    r.mirror.close();
    await r.server.stop('SIGKILL');
    await expect(page.getByTestId('connection')).toContainText(/正在重连|离线/, { timeout: 15_000 });
    await expectStaleShown(page);
    // Another seed: every entity the wall still shows from the old server must go.
    const server = await startServer({ token: r.token, seed: 24, port: r.server.port });
    r = { ...r, server, mirror: await startServerMirror(server.url, r.token) };
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
    const gap = await longestFrameGap(page);
    log.push(`after a restart: ${await expectSameAsServer(page, r.mirror, 'restart')} entities equal`);
    log.push(`longest frame gap ${gap} ms`);
    expect(gap).toBeLessThan(freezeLimit());
  } finally {
    console.log(`[faults] restart: ${log.join('; ')}`);
    await teardown(r);
  }
});

test('a burst at ten times the normal rate: no freeze, nothing lost', async ({ page }) => {
  test.setTimeout(240_000);
  const r = await rig({ seed: 25, speed: 10 });
  const log: string[] = [];
  try {
    await openWall(page, r.web.port, r.proxy, r.token);
    await longestFrameGap(page);
    await page.waitForTimeout(10_000);
    const d = await diagnostics(page);
    log.push(`${d.messagesPerSecond} messages/s, ${d.fps} fps`);
    const gap = await longestFrameGap(page);
    log.push(`${await expectSameAsServer(page, r.mirror, 'burst')} entities equal`);
    log.push(`longest frame gap ${gap} ms`);
    expect(gap).toBeLessThan(freezeLimit());
    expect(d.rejected.total).toBe(0);
  } finally {
    console.log(`[faults] burst: ${log.join('; ')}`);
    await teardown(r);
  }
});
