import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startWebServer } from '../scripts/lib/serve-web.mjs';
import { ARTIFACTS, diagnostics, forbidExternalRequests, newToken, screenshotPixels, startServer, startWeb, wallUrl } from './support/harness';
import { rasterPmtiles } from './support/pmtiles-fixture';

// A deployment's own basemap: a MapLibre style served by another host (here another port),
// allowed by the page's CSP and drawn instead of the offline districts.
test('a configured online basemap style is loaded and drawn, within the CSP', async ({ page }) => {
  const token = newToken();
  const server = await startServer({ token });
  const web = await startWeb();
  let styleRequests = 0;
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: 'city-background', type: 'background', paint: { 'background-color': '#123456' } }],
  };
  const tiles = createServer((req, res) => {
    styleRequests++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(JSON.stringify(style));
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
  const port = (tiles.address() as { port: number }).port;
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  try {
    const basemap = encodeURIComponent(`http://127.0.0.1:${port}/style.json`);
    await page.goto(wallUrl(web.port, server.url, token, 'map', `&basemap=${basemap}`));
    await expect.poll(async () => (await diagnostics(page)).map?.ready ?? false, { timeout: 30_000 }).toBe(true);
    expect(styleRequests).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    const shot = await page.screenshot({ path: `${ARTIFACTS}/map-online-basemap.png` });
    // An empty corner of the map shows the style's background colour, not the offline one.
    const [pixel] = await screenshotPixels(page, shot, { x: 60, y: 600 });
    expect(pixel).toEqual({ r: 0x12, g: 0x34, b: 0x56 });
    expect(violations).toEqual([]);
  } finally {
    await new Promise((r) => tiles.close(() => r(null)));
    await server.stop();
    await web.close();
  }
});

// A local PMTiles archive served by the wall's own host at basemap.pmtiles: read with byte
// ranges from the page's origin, drawn (darkened) under the data, nothing fetched from elsewhere.
test('a local PMTiles raster archive is read with byte ranges and drawn, offline', async ({ page }) => {
  const token = newToken();
  const server = await startServer({ token });
  const dir = mkdtempSync(join(tmpdir(), 'qujing-pmtiles-'));
  const file = join(dir, 'qujing.pmtiles');
  writeFileSync(file, rasterPmtiles({ colour: TILE_COLOUR }));
  const web = await startWebServer({ port: 0, pmtiles: file });
  const ranges: string[] = [];
  const statuses: number[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/basemap.pmtiles') ranges.push(req.headers()['range'] ?? '');
  });
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/basemap.pmtiles') statuses.push(res.status());
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const external: string[] = [];
  forbidExternalRequests(page, external);
  try {
    await page.goto(wallUrl(web.port, server.url, token, 'map', '&basemap=pmtiles'));
    await expect.poll(async () => (await diagnostics(page)).map?.ready ?? false, { timeout: 30_000 }).toBe(true);
    // The tile's colour, darkened by the wall's raster-brightness-max 0.6, in an empty area of the map.
    const expected = TILE_COLOUR.map((c) => Math.round(c * 0.6));
    await expect
      .poll(
        async () => {
          const px = await pixelAt(page, 60, 600);
          return px.every((v, i) => Math.abs(v - expected[i]!) <= 3);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${ARTIFACTS}/map-pmtiles.png` });
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges) expect(r).toMatch(/^bytes=\d+-\d+$/);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 206)).toBe(true);
    await expect(page.getByText(/底图加载失败|Basemap failed/)).toHaveCount(0);
    expect(violations).toEqual([]);
    expect(external).toEqual([]);
  } finally {
    await server.stop();
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable PMTiles basemap is reported and the offline basemap stays', async ({ page }) => {
  const token = newToken();
  const server = await startServer({ token });
  const web = await startWeb(); // serves no archive: basemap.pmtiles answers 404
  try {
    await page.goto(wallUrl(web.port, server.url, token, 'map', '&basemap=pmtiles'));
    await expect.poll(async () => (await diagnostics(page)).map?.ready ?? false, { timeout: 30_000 }).toBe(true);
    await expect(page.getByText(/底图加载失败/)).toBeVisible();
    await expect(page.getByText(/basemap\.pmtiles/)).toBeVisible();
  } finally {
    await server.stop();
    await web.close();
  }
});

const TILE_COLOUR = [40, 160, 110] as const;

async function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  const [p] = await screenshotPixels(page, await page.screenshot(), { x, y });
  return [p!.r, p!.g, p!.b];
}
