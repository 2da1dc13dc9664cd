import { expect, test } from '@playwright/test';
import {
  ARTIFACTS,
  diagnostics,
  forbidExternalRequests,
  health,
  newToken,
  startServer,
  startWeb,
  wallUrl,
  type StreamServer,
} from './support/harness';

const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;

test.beforeAll(async () => {
  server = await startServer({ token, speed: 5 });
  web = await startWeb();
});
test.afterAll(async () => {
  await server?.stop();
  await web?.close();
});

test('the map view receives every kind of data, draws it, and asks nothing of the internet', async ({ page }) => {
  const external: string[] = [];
  forbidExternalRequests(page, external);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(wallUrl(web.port, server.url, token, 'map'));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
  await expect.poll(async () => (await diagnostics(page)).map?.ready ?? false, { timeout: 30_000 }).toBe(true);

  await expect
    .poll(async () => {
      const c = (await diagnostics(page)).counts;
      return Math.min(c.units ?? 0, c.cameras ?? 0, c.drainage ?? 0, c.history ?? 0);
    }, { timeout: 30_000 })
    .toBeGreaterThan(0);

  // What the wall holds equals what the server holds, kind by kind.
  const h = await health(server.url);
  const d = await diagnostics(page);
  expect(d.counts.cameras).toBe(h.topics.cameras!.entities);
  expect(d.counts.units).toBe(h.topics.units!.entities);
  expect(d.counts.drainage).toBe(h.topics.drainage!.entities);
  expect(d.counts.cameras).toBeGreaterThan(6000);
  expect(d.counts.units).toBeGreaterThan(600);
  expect(d.counts.drainage).toBeGreaterThan(200);
  expect(d.counts.history).toBeGreaterThan(50_000);
  expect(Math.abs(d.counts.incidents! - h.topics.incidents!.entities)).toBeLessThanOrEqual(5);

  // The low-rate topics too (polled: an alarm or event may change between two reads).
  await expect
    .poll(async () => {
      const [hh, dd] = [await health(server.url), await diagnostics(page)];
      return [
        [dd.counts.alarms, hh.topics.alarms!.entities],
        [dd.counts.cityEvents, hh.topics['city-events']!.entities],
        [dd.counts.faceHits, hh.topics['face-hits']!.entities],
      ].every(([a, b]) => a === b && (b ?? 0) > 0);
    }, { timeout: 15_000 })
    .toBe(true);

  // And it is drawn: the map fills the space beside the panels (MapLibre's stylesheet loads
  // with the map's code and must not shrink it), and every live layer has data on it.
  const box = await page.locator('.map canvas').first().boundingBox();
  expect(box?.width ?? 0, 'map width').toBeGreaterThan(1000);
  expect(box?.height ?? 0, 'map height').toBeGreaterThan(800);
  // The map builds at the frame after data arrives: poll, not the snapshot read above.
  for (const layer of ['units', 'cameras', 'drainage', 'heatmap']) {
    await expect.poll(async () => (await diagnostics(page)).map?.layers[layer]?.count ?? 0, { message: `layer ${layer}`, timeout: 10_000 }).toBeGreaterThan(0);
  }
  // Live deltas keep arriving.
  const seqBefore = d.seq.units!;
  await expect.poll(async () => (await diagnostics(page)).seq.units!, { timeout: 15_000 }).toBeGreaterThan(seqBefore);

  await expect(page.getByTestId('connection')).toContainText('已连接');
  await page.screenshot({ path: `${ARTIFACTS}/map-1080p.png` });
  expect(external, 'requests that left the machine').toEqual([]);
  expect(pageErrors).toEqual([]);
});

for (const view of ['dashboard', 'drainage', 'cameras', 'console']) {
  test(`the ${view} view connects and shows live data`, async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const role = view === 'console' ? '&role=console' : '';
    await page.goto(wallUrl(web.port, server.url, token, view, role));
    await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
    await expect.poll(async () => (await diagnostics(page)).counts.units ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${ARTIFACTS}/${view}-1080p.png` });
    expect(pageErrors).toEqual([]);
  });
}

test('English is available', async ({ page }) => {
  await page.goto(wallUrl(web.port, server.url, token, 'map', '&lang=en'));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
  await expect(page.getByTestId('connection')).toContainText('Connected');
});

test('a wrong token is shown as a refusal, not as an endless spinner', async ({ page }) => {
  await page.goto(wallUrl(web.port, server.url, 'not-the-token', 'map'));
  await expect(page.getByText(/AUTH_INVALID|令牌/).first()).toBeVisible({ timeout: 20_000 });
  expect((await diagnostics(page)).connection).not.toBe('connected');
});
