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
