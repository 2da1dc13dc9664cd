import { createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, diagnostics, newToken, startServer, startWeb, wallUrl } from './support/harness';

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
    const pixel = await page.evaluate(async (png) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return Array.from(ctx.getImageData(60, 600, 1, 1).data.slice(0, 3));
    }, shot.toString('base64'));
    expect(pixel).toEqual([0x12, 0x34, 0x56]);
    expect(violations).toEqual([]);
  } finally {
    await new Promise((r) => tiles.close(() => r(null)));
    await server.stop();
    await web.close();
  }
});
