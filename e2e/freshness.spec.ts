// The freshness contract across the windows of one PC: three pages of one browser context
// (same origin, like the windows of the Electron app) against a real stream server. Two of
// them reach it through a TCP proxy that is blackholed and then cut; the third stays live and
// must list, on its health panel and in wallDiagnostics().pc, what went stale on the others,
// with the right times, and a closed window as "no report since".
import { expect, test, type Page } from '@playwright/test';
import { startStreamServerProcess } from '../scripts/lib/stream-server-process.mjs';
import { ARTIFACTS, newToken, startWeb, wallUrl } from './support/harness';
import { startTcpProxy } from './support/tcp-proxy';

interface PeerHealth {
  id: string;
  label: string;
  silent: boolean;
  reportedAt: number;
  connection: string;
  items: { what: string; state: string; since: number | null }[];
}
interface Diag {
  connection: string;
  counts: Record<string, number>;
  health: { what: string; state: string; since: number | null }[];
  pc: { self: { label: string }; windows: PeerHealth[]; rejected: number };
}

const diag = (page: Page): Promise<Diag> => page.evaluate(() => (window as unknown as { wallDiagnostics: () => Diag }).wallDiagnostics());
const peer = async (page: Page, label: string) => (await diag(page)).pc.windows.find((w) => w.label === label);
/** The wall's clock: hh:mm:ss in China time, as the marks print it. */
const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false, timeZone: 'Asia/Shanghai' });

const UNITS_MS = 5_000;
const SLOWEST_MS = 30_000;

test('stale marks keep the last picture, and every window of the PC lists what is stale on the others', async ({ browser }) => {
  test.setTimeout(300_000);
  const token = newToken();
  const server = await startStreamServerProcess({ token, seed: 31, speed: 1, port: 0, extraArgs: ['--media', 'off'] });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
  const web = await startWeb();
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const log: string[] = [];
  try {
    // ── before any data: "waiting for data", never a stale mark ──
    proxy.refuse(true);
    const dash = await context.newPage();
    await dash.goto(wallUrl(web.port, proxy.url, token, 'dashboard', '&window=wall-dash'));
    await dash.waitForTimeout(UNITS_MS + 1_500);
    const waiting = dash.getByTestId('fresh-dash.units').first();
    await expect(waiting).toHaveAttribute('data-state', 'waiting');
    await expect(waiting).toHaveText(/等待数据/);
    await expect(dash.locator('.fresh-mark.is-stale')).toHaveCount(0);
    proxy.refuse(false);

    const drain = await context.newPage();
    await drain.goto(wallUrl(web.port, proxy.url, token, 'drainage', '&window=wall-drain'));
    const live = await context.newPage();
    await live.goto(wallUrl(web.port, server.url, token, 'dashboard', '&window=wall-ok'));
    for (const p of [dash, drain, live]) {
      await expect.poll(async () => (await diag(p)).connection, { timeout: 60_000 }).toBe('connected');
      await expect.poll(async () => (await diag(p)).counts.units, { timeout: 60_000 }).toBeGreaterThan(0);
    }
    // Every window knows the others, all fine; the health panel stays off the wall.
    await expect.poll(async () => (await diag(live)).pc.windows.map((w) => w.label).sort(), { timeout: 10_000 }).toEqual(['wall-dash', 'wall-drain']);
    await expect.poll(async () => (await peer(live, 'wall-dash'))?.items ?? ['?'], { timeout: 10_000 }).toEqual([]);
    await expect(live.getByTestId('health-panel')).toHaveCount(0);
    await expect(dash.locator('.fresh-mark.is-stale')).toHaveCount(0);

    // ── the feed of two windows stops (connection held open, nothing arrives) ──
    const unitsBefore = await dash.getByTestId('dash-units-total').getAttribute('data-value');
    const cutAt = Date.now();
    proxy.setMode({ kind: 'blackhole' });

    // Units first (5 s), then everything by its own interval (30 s at most).
    const unitsMark = dash.getByTestId('fresh-dash.units');
    await expect(unitsMark).toHaveAttribute('data-state', 'stale', { timeout: UNITS_MS + 5_000 });
    const unitsSince = Number(await unitsMark.getAttribute('data-since'));
    expect(unitsSince).toBeGreaterThan(cutAt - 3_000 + UNITS_MS);
    expect(unitsSince).toBeLessThanOrEqual(cutAt + UNITS_MS + 500);
    await expect(unitsMark).toHaveText(`数据停滞 自 ${clock(unitsSince)}`);
    log.push(`units stale ${((unitsSince - cutAt) / 1000).toFixed(1)} s after the cut`);

    await expect(dash.getByTestId('fresh-dash.drainage')).toHaveAttribute('data-state', 'stale', { timeout: SLOWEST_MS + 8_000 });
    await expect(drain.getByTestId('fresh-drainage.sensors')).toHaveAttribute('data-state', 'stale', { timeout: 15_000 });
    // Every panel of the dashboard is marked, none blank: the last figures stay, dimmed.
    const tiles = await dash.locator('.dtile').count();
    await expect(dash.locator('.dtile > .fresh-mark.is-stale')).toHaveCount(tiles);
    // A mark never hides its tile's title: the title's text and the mark do not overlap.
    const covered = await dash.locator('.dtile').evaluateAll((els) =>
      els.flatMap((tile) => {
        // The title is the heading's own text; totals and legends beside it may sit under the mark.
        const title = [...(tile.querySelector('h2')?.childNodes ?? [])].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
        const mark = tile.querySelector(':scope > .fresh-mark.is-stale');
        if (!title || !mark) return [];
        const range = document.createRange();
        range.selectNodeContents(title);
        const a = range.getBoundingClientRect();
        const b = mark.getBoundingClientRect();
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        return overlap ? [title.textContent] : [];
      }),
    );
    expect(covered).toEqual([]);
    await expect(dash.getByTestId('dash-units-total')).toHaveAttribute('data-value', unitsBefore!);
    expect(Number(unitsBefore)).toBeGreaterThan(0);
    const dimmed = await dash.locator('.a-police .status-strip').evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(dimmed).toBeLessThan(0.8);
    await expect(drain.locator('.fw-card').first()).toBeVisible();
    await expect(drain.getByTestId('fresh-drainage.focus')).toHaveText(/^数据停滞 自 \d\d:\d\d:\d\d$/);
    await dash.screenshot({ path: `${ARTIFACTS}/freshness-dashboard-stale.png` });
    await drain.screenshot({ path: `${ARTIFACTS}/freshness-drainage-stale.png` });

    // The live window lists both windows' stale elements, with the same since-times.
    await expect
      .poll(async () => (await peer(live, 'wall-dash'))?.items.find((i) => i.what === 'dash.units')?.since, { timeout: 6_000 })
      .toBe(unitsSince);
    const dashPeer = (await peer(live, 'wall-dash'))!;
    expect(dashPeer.items.filter((i) => i.state === 'stale').map((i) => i.what).sort()).toEqual(
      ['dash.cameras', 'dash.cityEvents', 'dash.drainage', 'dash.faceHits', 'dash.incidents', 'dash.units', 'dash.waiting'],
    );
    expect(dashPeer.silent).toBe(false);
    await expect
      .poll(async () => (await peer(live, 'wall-drain'))?.items.filter((i) => i.state === 'stale').map((i) => i.what).sort(), { timeout: 6_000 })
      .toEqual(['drainage.focus', 'drainage.sensors']);
    const panel = live.getByTestId('health-panel');
    await expect(panel).toBeVisible({ timeout: 3_000 });
    await expect(panel.locator('[data-window="wall-dash"] [data-what="dash.units"]')).toHaveText(`综合·警力状态 · 数据停滞 自 ${clock(unitsSince)}`);
    await expect(panel.locator('[data-window="wall-drain"]')).toContainText('排水·监测点');
    await live.screenshot({ path: `${ARTIFACTS}/freshness-health-panel.png` });
    // The live window's own figures are not marked.
    await expect(live.locator('.fresh-mark.is-stale')).toHaveCount(0);

    // ── the link is cut: the top bar says so in red, with the time ──
    proxy.refuse(true);
    const dropAt = Date.now();
    proxy.drop();
    await expect(dash.getByTestId('connection')).toHaveAttribute('data-state', /reconnecting|offline/, { timeout: 10_000 });
    const since = dash.getByTestId('connection-since');
    await expect(since).toBeVisible();
    const downAt = Number(await since.getAttribute('data-since'));
    // Down since the first of: the client's ping timeout during the blackhole, or the cut.
    expect(downAt).toBeGreaterThan(cutAt);
    expect(downAt).toBeLessThan(dropAt + 3_000);
    log.push(`link down ${((downAt - cutAt) / 1000).toFixed(1)} s after the feed stopped`);
    await expect(since).toHaveText(`连接中断 自 ${clock(downAt)}`);
    const red = await dash.locator('.topbar .conn-label').evaluate((el) => getComputedStyle(el).color);
    expect(red).toMatch(/rgb\((2[0-9]{2}), ([0-9]{1,2}|1[01][0-9]), ([0-9]{1,2}|1[01][0-9])\)/);
    // The top bar says the screen holds the last data; nothing is laid over the figures.
    await expect(dash.getByTestId('last-data')).toHaveText('以下为断线前的最后数据，可能已过期');
    await expect(dash.locator('.conn-banner')).toHaveCount(0);
    await expect(dash.locator('.stale-chip')).toHaveCount(0);
    await dash.locator('.topbar').screenshot({ path: `${ARTIFACTS}/freshness-topbar-disconnected.png` });
    await expect.poll(async () => (await peer(live, 'wall-dash'))?.items.find((i) => i.what === 'link')?.since, { timeout: 6_000 }).toBe(downAt);
    await live.screenshot({ path: `${ARTIFACTS}/freshness-health-panel-link.png` });

    // ── recovery: marks clear on their own, everywhere ──
    proxy.setMode({ kind: 'pass' });
    proxy.refuse(false);
    for (const p of [dash, drain]) await expect.poll(async () => (await diag(p)).connection, { timeout: 30_000 }).toBe('connected');
    const staleMarks = (p: Page) => p.locator('.fresh-mark.is-stale').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const recoveredAt = Date.now();
    await expect.poll(() => staleMarks(dash), { timeout: 15_000 }).toEqual([]);
    await expect.poll(() => staleMarks(drain), { timeout: 15_000 }).toEqual([]);
    log.push(`marks cleared ${((Date.now() - recoveredAt) / 1000).toFixed(1)} s after the link was back`);
    await expect(dash.getByTestId('connection-since')).toHaveCount(0);
    await expect(dash.getByTestId('last-data')).toHaveCount(0);
    await expect.poll(async () => (await peer(live, 'wall-dash'))?.items, { timeout: 8_000 }).toEqual([]);
    await expect.poll(async () => (await peer(live, 'wall-drain'))?.items, { timeout: 8_000 }).toEqual([]);
    await expect(live.getByTestId('health-panel')).toHaveCount(0, { timeout: 3_000 });

    // ── a window closes (or crashes): "no report since" on the others ──
    await dash.close();
    const closedAt = Date.now();
    await expect.poll(async () => (await peer(live, 'wall-dash'))?.silent, { timeout: 12_000 }).toBe(true);
    const gone = (await peer(live, 'wall-dash'))!;
    expect(gone.reportedAt).toBeLessThanOrEqual(closedAt);
    expect(gone.reportedAt).toBeGreaterThan(closedAt - 3_000);
    await expect(panel.locator('[data-window="wall-dash"]')).toContainText(`无报告 自 ${clock(gone.reportedAt)}`);
    await expect(panel.locator('[data-window="wall-drain"]')).toContainText('正常');
    await live.screenshot({ path: `${ARTIFACTS}/freshness-health-panel-silent.png` });
    // Nothing on the channel was malformed.
    expect((await diag(live)).pc.rejected).toBe(0);
  } finally {
    console.log(`[freshness] ${log.join('; ')}`);
    await context.close();
    await proxy.close();
    await server.stop();
    await web.close();
  }
});

test('a malformed message on the health channel is ignored and counted', async ({ browser }) => {
  test.setTimeout(120_000);
  const token = newToken();
  const server = await startStreamServerProcess({ token, seed: 32, speed: 1, port: 0, extraArgs: ['--media', 'off'] });
  const web = await startWeb();
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.goto(wallUrl(web.port, server.url, token, 'drainage', '&window=wall-a'));
    await expect.poll(async () => (await diag(page)).connection, { timeout: 60_000 }).toBe('connected');
    // Another same-origin page posts garbage, and one well-formed report.
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${web.port}/missing-page-for-channel-test`);
    await other.evaluate(() => {
      const ch = new BroadcastChannel('qujing-health');
      ch.postMessage({ kind: 'health', v: 1, id: 'x', items: 'all fine' });
      ch.postMessage('<img src=x onerror=alert(1)>');
      ch.postMessage({ kind: 'health', v: 1, id: 'forged', label: '<b>forged</b>', view: 'map', at: Date.now(), connection: 'connected', connectionSince: null, lastDataAt: null, items: [{ what: 'map.units', state: 'stale', since: 0 }] });
      ch.close();
    });
    await expect.poll(async () => (await diag(page)).pc.rejected, { timeout: 5_000 }).toBe(2);
    const forged = await peer(page, '<b>forged</b>');
    expect(forged?.items).toEqual([{ what: 'map.units', state: 'stale', since: 0 }]);
    // Shown as text, never as markup.
    const panel = page.getByTestId('health-panel');
    await expect(panel).toBeVisible({ timeout: 3_000 });
    await expect(panel.locator('[data-window="<b>forged</b>"] .health-window')).toHaveText('<b>forged</b>');
    await expect(panel.locator('b b')).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
    await web.close();
  }
});

test('the console marks its panels stale and keeps the queue on screen', async ({ browser }) => {
  test.setTimeout(180_000);
  const token = newToken();
  const server = await startStreamServerProcess({ token, seed: 33, speed: 1, port: 0, extraArgs: ['--media', 'off'] });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
  const web = await startWeb();
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(wallUrl(web.port, proxy.url, token, 'console', `&role=console&operator=${encodeURIComponent('值班员 王芳')}`));
    await expect.poll(async () => (await diag(page)).connection, { timeout: 60_000 }).toBe('connected');
    await expect.poll(async () => (await diag(page)).counts.alarms, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.locator('.fresh-mark.is-stale')).toHaveCount(0);
    await expect.poll(() => page.locator('.queue li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    proxy.setMode({ kind: 'blackhole' });
    const queueMark = page.getByTestId('fresh-console.queue');
    await expect(queueMark).toHaveAttribute('data-state', 'stale', { timeout: SLOWEST_MS + 10_000 });
    await expect(queueMark).toHaveText(/^数据停滞 自 \d\d:\d\d:\d\d$/);
    await expect(page.getByTestId('fresh-console.detail')).toHaveAttribute('data-state', 'stale');
    // The queue keeps its last alarms.
    expect(await page.locator('.queue li').count()).toBeGreaterThan(0);
    await expect(page.locator('.queue li').first()).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/freshness-console-stale.png` });
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
    await web.close();
  }
});
