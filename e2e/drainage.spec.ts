import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import type { DrainageSensor } from '../shared/protocol';
import { ARTIFACTS, connectAdmin, diagnostics, forbidExternalRequests, newToken, startServer, startWeb, wallUrl, type StreamServer } from './support/harness';

// A high speed so a silenced sensor's two reporting intervals pass in a few real seconds.
const SPEED = 30;
const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;
let admin: Socket;

/** The server's drainage snapshot, as a wall would receive it. */
function drainageSnapshot(s: Socket): Promise<DrainageSensor[]> {
  return new Promise((resolve) => {
    const onSnap = (env: { topic: string; entities: DrainageSensor[] }) => {
      if (env.topic !== 'drainage') return;
      s.off('snapshot', onSnap);
      resolve(env.entities);
    };
    s.on('snapshot', onSnap);
    s.emit('subscribe', { topics: ['drainage'] });
  });
}

let n = 0;
const simDrainage = (payload: Record<string, unknown>) =>
  admin.timeout(5000).emitWithAck('command', { id: `e2e-${Date.now()}-${++n}`, type: 'sim.drainage', payload }) as Promise<{ ok: boolean }>;

test.beforeAll(async () => {
  server = await startServer({ token, speed: SPEED });
  web = await startWeb();
  admin = await connectAdmin(server.url, token, 'e2e drainage');
});
test.afterAll(async () => {
  admin?.close();
  await server?.stop();
  await web?.close();
});

test('flood watch: every sensor, pushed over the line turns red within a second, silenced shows late', async ({ page }) => {
  const external: string[] = [];
  forbidExternalRequests(page, external);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(wallUrl(web.port, server.url, token, 'drainage'));
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');

  const sensors = await drainageSnapshot(admin);
  expect(sensors.length).toBeGreaterThan(200);
  await expect(page.locator('[data-testid^="sensor-"]')).toHaveCount(sensors.length, { timeout: 30_000 });
  // The summary counts add up to every sensor.
  const total = await page
    .locator('[data-testid^="count-"]')
    .evaluateAll((els) => els.reduce((a, e) => a + Number((e as HTMLElement).dataset.count), 0));
  expect(total).toBe(sensors.length);
  // Trend from the query is drawn in the focus chart.
  await expect(page.getByTestId('drainage-focus-chart').locator('canvas').first()).toBeVisible({ timeout: 15_000 });

  // Push a normal sensor over its alarm line.
  const normal = sensors.filter((d) => d.state === 'normal').sort((a, b) => (a.id < b.id ? -1 : 1));
  const target = normal[normal.length - 1]!;
  const card = page.getByTestId(`sensor-${target.id}`);
  await expect(card).not.toHaveAttribute('data-state', 'alarm');
  const pushed = await simDrainage({ sensorId: target.id, level: Math.min(5, target.alarmLevel + 1.2) });
  const ackAt = Date.now();
  expect(pushed.ok).toBe(true);
  const redAt = await page.evaluate(
    (id) =>
      new Promise<number>((resolve) => {
        const done = () => {
          const el = document.querySelector(`[data-testid="sensor-${id}"]`);
          if (el?.getAttribute('data-state') === 'alarm') return resolve(Date.now()), true;
          return false;
        };
        if (done()) return;
        const mo = new MutationObserver(() => {
          if (done()) mo.disconnect();
        });
        mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      }),
    target.id,
  );
  const latency = redAt - ackAt;
  console.log(`push-to-red latency: ${latency} ms (from the command's ack)`);
  expect(latency).toBeLessThan(1000);
  await expect(card).toHaveClass(/big/);

  // Silence the sensor that reports most often; it shows late after two intervals.
  const quick = normal.filter((d) => d.id !== target.id).sort((a, b) => a.intervalS - b.intervalS || (a.id < b.id ? -1 : 1))[0]!;
  const silenced = await simDrainage({ sensorId: quick.id, silent: true });
  expect(silenced.ok).toBe(true);
  const lateCard = page.getByTestId(`sensor-${quick.id}`);
  // 2 × intervalS of simulated time at SPEED, plus a few seconds of slack.
  await expect(lateCard).toHaveAttribute('data-state', 'late', { timeout: (quick.intervalS * 2 * 1000) / SPEED + 10_000 });
  await expect(lateCard).toContainText(/迟报/);
  await expect(lateCard).toContainText(/最后上报 \d{2}:\d{2}:\d{2}/);

  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${ARTIFACTS}/drainage-1080p.png` });
  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.waitForTimeout(1500);
  await expect(page.getByTestId(`sensor-${target.id}`)).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/drainage-4k.png` });

  // Let go: it reports again and is no longer late.
  await simDrainage({ sensorId: quick.id, silent: false });
  await expect(lateCard).not.toHaveAttribute('data-state', 'late', { timeout: 5_000 });

  expect(pageErrors).toEqual([]);
  expect(external).toEqual([]);
});

test('flood watch in English', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(wallUrl(web.port, server.url, token, 'drainage', '&lang=en'));
  await expect(page.getByTestId('count-alarm')).toContainText('Alarm', { timeout: 30_000 });
  await expect.poll(() => page.locator('[data-testid^="sensor-"]').count(), { timeout: 30_000 }).toBeGreaterThan(200);
  await expect(page.getByTestId('drainage-summary')).toContainText('nearest to the alarm line first');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${ARTIFACTS}/drainage-1080p-en.png` });
});
