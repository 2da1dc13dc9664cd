import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, forbidExternalRequests, newToken, startServer, startWeb, wallUrl, type StreamServer } from './support/harness';

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
