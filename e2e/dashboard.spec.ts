// The city dashboard against a real stream server: its figures equal the counts computed
// from the server's own state, read independently over a second socket.io connection.
import { expect, test, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, UNIT_STATUSES, decodeIncidentHistory, type Topic } from '../shared/protocol';
import { ARTIFACTS, diagnostics, newToken, startServer, startWeb, wallUrl, type StreamServer } from './support/harness';

const token = newToken();
let server: StreamServer;
let web: Awaited<ReturnType<typeof startWeb>>;

/** The server's state as a plain client sees it: snapshot, then deltas applied in order. */
class Mirror {
  readonly tables = new Map<Topic, Map<string, Record<string, unknown>>>();
  /** Newest envelope timestamp: the server's clock. */
  now = 0;
  /** Times of the snapshot's incident history plus incidents first seen later. */
  readonly incidentTimes: number[] = [];
  private readonly seenIncidents = new Set<string>();
  private socket: Socket | null = null;

  async connect(url: string, topics: Topic[]): Promise<void> {
    const socket = io(`${url}/v1`, { auth: { token, role: 'wall', protocol: PROTOCOL_VERSION }, transports: ['websocket'] });
    this.socket = socket;
    socket.on('snapshot', (env: { topic: Topic; ts: number; entities: Record<string, unknown>[]; history?: unknown }) => {
      this.now = Math.max(this.now, env.ts);
      const m = new Map<string, Record<string, unknown>>();
      for (const e of env.entities) m.set(e.id as string, e);
      this.tables.set(env.topic, m);
      if (env.topic === 'incidents') {
        this.incidentTimes.length = 0;
        this.seenIncidents.clear();
        const h = env.history === undefined ? null : decodeIncidentHistory(env.history);
        if (h?.ok) for (let i = 0; i < h.value.count; i++) this.incidentTimes.push(h.value.baseTs + h.value.offsetS[i]! * 1000);
        for (const e of env.entities) this.seenIncidents.add(e.id as string);
      }
    });
    socket.on('delta', (env: { topic: Topic; ts: number; upserts: Record<string, unknown>[]; removes: string[] }) => {
      this.now = Math.max(this.now, env.ts);
      const m = this.tables.get(env.topic);
      if (!m) return;
      for (const e of env.upserts) {
        m.set(e.id as string, e);
        if (env.topic === 'incidents' && !this.seenIncidents.has(e.id as string)) {
          this.seenIncidents.add(e.id as string);
          this.incidentTimes.push(e.reportedAt as number);
        }
      }
      for (const id of env.removes) m.delete(id);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        socket.emit('subscribe', { topics }, (ack: { ok?: boolean; message?: string }) =>
          ack?.ok === false ? reject(new Error(ack.message)) : resolve(),
        );
      });
    });
    await expect.poll(() => topics.every((t) => this.tables.has(t)), { timeout: 20_000 }).toBe(true);
  }

  values(topic: Topic): Record<string, unknown>[] {
    return [...(this.tables.get(topic)?.values() ?? [])];
  }

  unitsByStatus(): Record<string, number> {
    const out: Record<string, number> = Object.fromEntries(UNIT_STATUSES.map((s) => [s, 0]));
    for (const u of this.values('units')) out[u.status as string]!++;
    return out;
  }

  camerasOnline(): number {
    return this.values('cameras').filter((c) => c.online === true).length;
  }

  drainageByColour(): Record<string, number> {
    const out: Record<string, number> = { normal: 0, warning: 0, alarm: 0, late: 0 };
    for (const d of this.values('drainage')) {
      const late = this.now - (d.reportedAt as number) > (d.intervalS as number) * 2000;
      out[d.state === 'normal' && late ? 'late' : (d.state as string)]!++;
    }
    return out;
  }

  openCityEvents(): number {
    return this.values('city-events').filter((e) => e.status !== 'closed').length;
  }

  incidentsToday(): number {
    const offset = 8 * 3_600_000;
    const midnight = Math.floor((this.now + offset) / 86_400_000) * 86_400_000 - offset;
    return this.incidentTimes.filter((t) => t >= midnight && t <= this.now).length;
  }

  close(): void {
    this.socket?.close();
  }
}

async function figure(page: Page, testId: string): Promise<number> {
  const v = await page.getByTestId(testId).first().getAttribute('data-value');
  return Number(v);
}

async function figures(page: Page, ids: Record<string, string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [k, id] of Object.entries(ids)) out[k] = await figure(page, id);
  return out;
}

/** Opens the dashboard and waits until the wall is connected. */
async function openDashboard(page: Page, extra = ''): Promise<void> {
  await page.goto(wallUrl(web.port, server.url, token, 'dashboard', extra));
  await page.waitForFunction(() => typeof (window as unknown as { wallDiagnostics?: unknown }).wallDiagnostics === 'function');
  await expect.poll(async () => (await diagnostics(page)).connection, { timeout: 30_000 }).toBe('connected');
}

const mirror = new Mirror();

test.beforeAll(async () => {
  server = await startServer({ token, speed: 5 });
  web = await startWeb();
  await mirror.connect(server.url, ['units', 'cameras', 'drainage', 'city-events', 'incidents']);
});
test.afterAll(async () => {
  mirror.close();
  await server?.stop();
  await web?.close();
});

test('the dashboard shows the figures the server holds, and fits 1080p, 4K and a span of two', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openDashboard(page);
  await expect(page.getByTestId('dash-units-total')).not.toHaveAttribute('data-value', '0', { timeout: 30_000 });

  // Police strength per status: units change status all the time, so both sides are read
  // again until one moment where they agree.
  const unitIds = Object.fromEntries(UNIT_STATUSES.map((s) => [s, `dash-units-${s}`]));
  await expect
    .poll(async () => {
      const shown = await figures(page, unitIds);
      return JSON.stringify(shown) === JSON.stringify(mirror.unitsByStatus()) ? 'equal' : `${JSON.stringify(shown)} vs ${JSON.stringify(mirror.unitsByStatus())}`;
    }, { timeout: 20_000 })
    .toBe('equal');
  expect(await figure(page, 'dash-units-total')).toBe(mirror.values('units').length);

  await expect.poll(async () => (await figure(page, 'dash-cameras-online')) - mirror.camerasOnline(), { timeout: 20_000 }).toBe(0);
  expect(await figure(page, 'dash-cameras-total')).toBe(mirror.values('cameras').length);

  const drainIds = { normal: 'dash-drainage-normal', warning: 'dash-drainage-warning', alarm: 'dash-drainage-alarm', late: 'dash-drainage-late' };
  await expect
    .poll(async () => {
      const shown = await figures(page, drainIds);
      return JSON.stringify(shown) === JSON.stringify(mirror.drainageByColour()) ? 'equal' : `${JSON.stringify(shown)} vs ${JSON.stringify(mirror.drainageByColour())}`;
    }, { timeout: 20_000 })
    .toBe('equal');

  await expect.poll(async () => (await figure(page, 'dash-events-open')) - mirror.openCityEvents(), { timeout: 20_000 }).toBe(0);
  await expect.poll(async () => (await figure(page, 'dash-incidents-today')) - mirror.incidentsToday(), { timeout: 20_000 }).toBe(0);
  expect(await figure(page, 'dash-incidents-today')).toBeGreaterThan(0);

  // Figures that did not change since the data arrived have not flashed; ones that changed have.
  await expect(page.getByTestId('dash-units-total')).not.toHaveClass(/changed/);
  await expect(page.getByTestId('dash-cameras-total')).not.toHaveClass(/changed/);
  await expect(page.locator('.dash .num.changed').first()).toBeAttached({ timeout: 30_000 });

  // Charts are drawn (ECharts renders to canvas).
  await expect(page.locator('[data-testid="dash-curve"] canvas')).toHaveCount(1);
  await expect(page.locator('[data-testid="dash-police-chart"] canvas')).toHaveCount(1);

  for (const [name, width, height] of [
    ['1080p', 1920, 1080],
    ['4k', 3840, 2160],
    ['span2', 3840, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(1200);
    // Nothing spills out of its tile, and the headline figures stay large (about 6% of the height).
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('.dtile')]
        .filter((el) => el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)
        .map((el) => `${el.className} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`),
    );
    expect(overflow, `tiles overflowing at ${name}`).toEqual([]);
    const bigPx = await page.getByTestId('dash-incidents-today').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(bigPx, `headline size at ${name}`).toBeGreaterThanOrEqual(Math.min(width / 1920, height / 1080) * 1080 * 0.06);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-${name}.png` });
  }
  expect(pageErrors).toEqual([]);
});

test('the dashboard speaks English', async ({ page }) => {
  await openDashboard(page, '&lang=en');
  await expect(page.getByText('Incidents today')).toBeVisible();
  await expect(page.getByText('Police strength')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${ARTIFACTS}/dashboard-1080p-en.png` });
});
