import { expect, test } from '@playwright/test';
import { ARTIFACTS, diagnostics, health, newToken, startServer, startWeb, wallUrl, type StreamServer } from './support/harness';

// The server process is killed under a running wall and started again on the same port:
// the wall must say so while it is gone, and afterwards hold exactly the server's state.
test('the wall shows a dead backend and recovers the same state when it returns', async ({ page }) => {
  const token = newToken();
  let server: StreamServer = await startServer({ token, seed: 11 });
  const port = server.port;
  const web = await startWeb();
  try {
    await page.goto(wallUrl(web.port, server.url, token, 'map'));
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
    // Connected comes before the snapshots: wait for the data itself.
    await expect.poll(async () => (await diagnostics(page)).counts.units ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await diagnostics(page);

    await server.stop('SIGKILL');
    // The socket closes at once; the limit only covers a page starved of CPU by software rendering.
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).not.toBe('connected');
    await expect(page.getByTestId('connection')).toContainText(/正在重连|离线/);
    // The last picture stays, marked stale, rather than blanking.
    expect((await diagnostics(page)).counts.units).toBe(before.counts.units);
    await page.screenshot({ path: `${ARTIFACTS}/map-server-down.png` });

    server = await startServer({ token, seed: 11, port });
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
    await expect
      .poll(async () => {
        const [h, d] = [await health(server.url), await diagnostics(page)];
        return ['cameras', 'units', 'drainage', 'alarms'].every((t) => d.counts[t] === h.topics[t]!.entities);
      }, { timeout: 20_000 })
      .toBe(true);
    await expect(page.getByTestId('connection')).toContainText('已连接');
  } finally {
    await server.stop();
    await web.close();
  }
});

// A view whose code cannot be loaded (a damaged install, a file the antivirus took away) or
// that throws: the window keeps its top bar and stream, says in the view's place what failed,
// and loads the view again on its own once the file is back.
test('a view that cannot load shows its error in place and heals on its own', async ({ page }) => {
  test.setTimeout(120_000);
  const token = newToken();
  const server = await startServer({ token, seed: 12 });
  const web = await startWeb();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  let blocked = true;
  await page.route(/\/assets\/DashboardPage-[^/]*\.js$/, (route) => (blocked ? route.abort('failed') : route.continue()));
  try {
    await page.goto(wallUrl(web.port, server.url, token, 'dashboard'));
    const failed = page.getByRole('alert').filter({ hasText: '本视图出现故障' });
    await expect(failed).toBeVisible({ timeout: 30_000 });
    await expect(failed).toContainText('每 15 秒自动重试');
    // The rest of the window runs on: the stream connects and the top bar says so.
    await expect(page.getByTestId('connection')).toContainText('已连接', { timeout: 30_000 });
    await expect.poll(async () => (await diagnostics(page)).counts.units ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(errors.some((e) => e.includes('[view] dashboard failed'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/view-failed.png` });

    blocked = false;
    // The retry comes after PAGE_RETRY_MS (15 s); the dashboard's figures then show.
    await expect(failed).toHaveCount(0, { timeout: 40_000 });
    await expect(page.getByTestId('dashboard')).toBeVisible({ timeout: 30_000 });
  } finally {
    await server.stop();
    await web.close();
  }
});
