import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_NAMESPACE, PROTOCOL_VERSION, type Alarm, type Incident } from '../shared/protocol';
import { ARTIFACTS, forbidExternalRequests, newToken, persistenceSettled, startServer, startWeb, wallUrl, type StreamServer } from './support/harness';

/**
 * Workstation → backend → wall: the wall control page pushes to a wall page through a real
 * stream server. The wall page is a browser page with the URL parameters the wall planner
 * gives each window (wall, monitor).
 */
const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;

test.beforeAll(async () => {
  server = await startServer({ token, speed: 1 });
  web = await startWeb();
});
test.afterAll(async () => {
  await web?.close();
  await server?.stop();
});

const commandStates = (page: Page) => page.getByTestId('wc-command').evaluateAll((els) => els.map((e) => `${e.textContent}|${e.getAttribute('data-state')}`));

test('a push to an offline wall waits as pending, reaches the wall when it connects, then shows applied; a live push switches at once', async ({ browser }) => {
  test.setTimeout(300_000);
  const offenders: string[] = [];
  const consoleCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const con = await consoleCtx.newPage();
  forbidExternalRequests(con, offenders);
  await con.goto(wallUrl(web.port, server.url, token, 'wallcontrol', '&wallProfile=hall-2x2'));
  const wall1 = con.getByTestId('wc-wall-wall-1');
  // The first snapshot can take a while on a loaded machine (software rendering, 2 cores).
  await expect(wall1.locator('.wc-online')).toHaveText('离线', { timeout: 60_000 });

  // Offline wall: the push is queued and shown pending.
  await con.getByTestId('wc-monitor-B2').click();
  await expect(con.getByTestId('wc-target')).toContainText('wall-1 / B2');
  await con.getByTestId('wc-view-drainage').click();
  await expect(con.getByTestId('wc-command').first()).toHaveAttribute('data-state', 'pending');
  await expect(con.getByTestId('wc-monitor-B2')).toContainText('待确认');
  await con.waitForTimeout(1500);
  await expect(con.getByTestId('wc-command').first()).toHaveAttribute('data-state', 'pending');
  await con.screenshot({ path: `${ARTIFACTS}/wallcontrol-1080p-pending.png` });

  // The wall comes online showing the dashboard; the queued push switches it to drainage.
  const wallCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const wall = await wallCtx.newPage();
  forbidExternalRequests(wall, offenders);
  wall.on('console', (m) => {
    if (m.text().startsWith('[wall]')) console.log(`[wall page] ${m.text()}`);
  });
  await wall.goto(wallUrl(web.port, server.url, token, 'dashboard', '&wall=wall-1&monitor=B2'));
  // The wall's first snapshots (7000 cameras …) take a while on a loaded 2-core machine.
  await expect(wall.locator('.wall.view-drainage')).toBeVisible({ timeout: 90_000 });
  await expect(wall.getByTestId('wall-toast')).toContainText('drainage');
  await expect(con.getByTestId('wc-command').first()).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  await expect(wall1.locator('.wc-online')).toHaveText('在线');
  await expect(con.getByTestId('wc-monitor-B2')).toContainText('drainage');

  // Live push of a camera: the wall switches to the camera view with that camera.
  await con.getByTestId('wc-camera').selectOption({ index: 1 });
  const cameraId = await con.getByTestId('wc-camera').inputValue();
  expect(cameraId).not.toBe('');
  await con.getByTestId('wc-push-camera').click();
  await expect(wall.locator('.wall.view-cameras')).toBeVisible({ timeout: 30_000 });
  await expect(wall.getByTestId('wall-toast')).toContainText(cameraId);
  await expect(con.getByTestId('wc-command').first()).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  const states = await commandStates(con);
  expect(states.slice(0, 2).map((s) => s.split('|')[1])).toEqual(['applied', 'applied']);
  await con.screenshot({ path: `${ARTIFACTS}/wallcontrol-1080p.png` });
  await wall.screenshot({ path: `${ARTIFACTS}/wall-after-push.png` });

  // Reloading the wall (as crash recovery does) keeps the pushed view and does not apply anything twice.
  await wall.reload();
  await expect(wall.locator('.wall.view-cameras')).toBeVisible({ timeout: 45_000 });
  await wall.waitForTimeout(1500);
  await expect(wall.getByTestId('wall-toast')).toHaveCount(0);

  // A wall page for another monitor is not affected by B2's pushes.
  const other = await wallCtx.newPage();
  await other.goto(wallUrl(web.port, server.url, token, 'dashboard', '&wall=wall-1&monitor=A1'));
  await expect(other.locator('.wall.view-dashboard')).toBeVisible({ timeout: 45_000 });
  await other.waitForTimeout(1500);
  await expect(other.locator('.wall.view-dashboard')).toBeVisible();

  expect(offenders).toEqual([]);
  await consoleCtx.close();
  await wallCtx.close();
});

const HOUR = 3_600_000;

function snapshotOf<T>(url: string, topic: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const s: Socket = io(`${url}${PROTOCOL_NAMESPACE}`, { auth: { token, role: 'admin', protocol: PROTOCOL_VERSION, client: 'e2e' }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect_error', reject);
    s.on('snapshot', (env: { topic: string; entities: T[] }) => {
      if (env.topic !== topic) return;
      s.close();
      resolve(env.entities);
    });
    s.once('connect', () => s.emit('subscribe', { topics: [topic] }));
  });
}


test('from the console: an incident pushed to an offline wall survives a server restart and is applied once when the wall connects', async ({ browser }) => {
  test.setTimeout(420_000);
  // Its own server with a data directory; the simulated clock starts at 10:00 Beijing time on
  // both runs, so the restarted city has the same incidents (the wall must know the incident).
  const dataDir = mkdtempSync(join(tmpdir(), 'qujing-wall-e2e-'));
  const beijingDay = Math.floor((Date.now() + 8 * HOUR - 10 * HOUR) / (24 * HOUR));
  const simStart = beijingDay * 24 * HOUR + 10 * HOUR - 8 * HOUR;
  let srv = await startServer({ token, speed: 1, dataDir, startTime: simStart });
  const offenders: string[] = [];
  const consoleCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const wallCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const incidents = new Map((await snapshotOf<Incident>(srv.url, 'incidents')).map((e) => [e.id, e]));
    // An incident the restarted simulation has again: reported before the start.
    const incAlarm = (await snapshotOf<Alarm>(srv.url, 'alarms')).find((a) => {
      const inc = a.source === 'incident' ? incidents.get(a.sourceId) : undefined;
      return a.state !== 'cleared' && inc && inc.status !== 'closed' && inc.reportedAt <= simStart;
    });
    expect(incAlarm, 'an open incident from before the start, with an alarm').toBeDefined();
    const incidentId = incAlarm!.sourceId;

    const con = await consoleCtx.newPage();
    forbidExternalRequests(con, offenders);
    await con.goto(wallUrl(web.port, srv.url, token, 'console', `&wallProfile=hall-2x2&operator=${encodeURIComponent('值班员 李娜')}`));
    await con.getByTestId('filter-source').selectOption('incident');
    await con.locator(`.queue li[data-alarm="${incAlarm!.id}"]`).click({ timeout: 60_000 });
    const pane = con.getByTestId('incident-pane');
    await expect(pane).toHaveAttribute('data-incident', incidentId);

    // The wall tab: the miniature of the bundled profile, the wall offline; pick monitor A1.
    await con.getByTestId('side-tab-wall').click();
    const miniature = con.getByTestId('console-wall');
    await expect(miniature.getByTestId('wc-layout')).toHaveAttribute('data-source', 'bundled');
    await expect(miniature.getByTestId('wc-layout')).toContainText('hall-2x2');
    await expect(miniature.getByTestId('wc-wall-wall-1').locator('.wc-online')).toHaveText('离线', { timeout: 60_000 });
    await miniature.getByTestId('wc-monitor-A1').click();
    await expect(con.getByTestId('cw-target')).toContainText('wall-1 / A1');
    await expect(pane.getByTestId('wall-push-monitor')).toHaveValue('wall-1/A1');
    // The alarm queue keeps its width next to the miniature.
    const queueBox = (await con.locator('.queue-pane').boundingBox())!;
    expect(queueBox.width).toBeGreaterThan(500);

    // One click: the incident goes to A1, pending while the wall is away.
    await pane.getByTestId('wall-push-incident').click();
    await expect(pane.getByTestId('wall-push-state').first()).toHaveAttribute('data-state', 'pending', { timeout: 10_000 });
    await expect(pane.getByTestId('wall-push-state').first()).toContainText(incidentId);
    await expect(con.getByTestId('side-tab-wall-pending')).toContainText('1');
    await expect(miniature.getByTestId('wc-monitor-A1')).toHaveAttribute('data-state', 'pending');
    await expect(miniature.getByTestId('cw-command').first()).toHaveAttribute('data-state', 'pending');
    await con.screenshot({ path: `${ARTIFACTS}/console-wall-1080p-pending.png` });

    // Restart the server: same data directory, same port, same simulated start.
    const writtenMs = await persistenceSettled(srv.url, 200_000);
    console.log(`[wall] push written to the database ${writtenMs} ms after the check began`);
    const port = Number(new URL(srv.url).port);
    await srv.stop();
    srv = await startServer({ token, speed: 1, dataDir, port, startTime: simStart });
    const reopenMs = await persistenceSettled(srv.url, 120_000);
    console.log(`[wall] restarted server restored the wall queue within ${reopenMs} ms`);
    // The console reconnects by itself and still shows the push pending.
    await expect(miniature.getByTestId('cw-command').first()).toHaveAttribute('data-state', 'pending', { timeout: 30_000 });

    // The wall PC comes back: the push is applied once, and the console shows it applied.
    const wall = await wallCtx.newPage();
    forbidExternalRequests(wall, offenders);
    // The wall logs each command it applies: the count is the exactly-once check.
    const applies: string[] = [];
    wall.on('console', (m) => {
      if (!m.text().startsWith('[wall]')) return;
      console.log(`[wall page] ${m.text()}`);
      if (m.text().includes(`incident ${incidentId} on wall-1/A1`)) applies.push(m.text());
    });
    await wall.goto(wallUrl(web.port, srv.url, token, 'dashboard', '&wall=wall-1&monitor=A1'));
    await expect(wall.locator('.wall.view-map')).toBeVisible({ timeout: 90_000 });
    await expect.poll(() => applies.length, { timeout: 30_000 }).toBe(1);
    await expect(pane.getByTestId('wall-push-state').first()).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
    await expect(miniature.getByTestId('cw-command').first()).toHaveAttribute('data-state', 'applied');
    await expect(miniature.getByTestId('wc-wall-wall-1').locator('.wc-online')).toHaveText('在线');
    await expect(miniature.getByTestId('wc-monitor-A1')).toContainText(incidentId);
    await expect(con.getByTestId('side-tab-wall-pending')).toHaveCount(0);
    await con.screenshot({ path: `${ARTIFACTS}/console-wall-1080p-applied.png` });

    // A reload of the wall window applies nothing again.
    await wall.reload();
    await expect(wall.locator('.wall.view-map')).toBeVisible({ timeout: 60_000 });
    await wall.waitForTimeout(2000);
    await expect(wall.getByTestId('wall-toast')).toHaveCount(0);
    expect(applies).toHaveLength(1);
    await wall.screenshot({ path: `${ARTIFACTS}/wall-after-restart-push.png` });
    expect(offenders).toEqual([]);
  } finally {
    await consoleCtx.close();
    await wallCtx.close();
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
