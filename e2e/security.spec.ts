// Security with real parts: backend text that looks like HTML stays text on the wall; the
// wall reaches a TLS stream server (wss) whose self-signed key Chromium is told to trust by
// its SPKI hash, and refuses it without.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { generate } from 'selfsigned';
import { Server } from 'socket.io';
import { startStreamServerProcess } from '../scripts/lib/stream-server-process.mjs';
import { CHROMIUM_ARGS } from '../scripts/lib/find-chromium.mjs';
import { spkiSha256 } from '../server/stream/tls';
import { EV, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, TOPICS, alarmsForTests } from './support/security-fixtures';
import { ARTIFACTS, diagnostics, newToken, startWeb, wallUrl } from './support/harness';

const MARKUP = '<img src=x onerror="window.__pwned=1">警情<b>粗体</b>';

test('text from the backend is shown as text, never run as HTML', async ({ page }) => {
  test.setTimeout(180_000);
  // A backend that follows the protocol but puts markup into an alarm title.
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], cors: { origin: true } });
  const alarms = alarmsForTests().map((a, i) => (i === 0 ? { ...a, title: MARKUP, state: 'active', severity: 'critical', raisedAt: Date.now() } : a));
  io.of(PROTOCOL_NAMESPACE).on('connection', (socket) => {
    socket.emit(EV.hello, { protocol: PROTOCOL_VERSION, serverVersion: 'markup-test', serverTime: Date.now(), role: 'wall', topics: [...TOPICS], demo: true });
    socket.on(EV.subscribe, (_req: unknown, ack?: (r: unknown) => void) => {
      ack?.({ ok: true, topics: [...TOPICS] });
      for (const topic of TOPICS) socket.emit(EV.snapshot, { topic, seq: 1, ts: Date.now(), entities: topic === 'alarms' ? alarms : [] });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const web = await startWeb();
  try {
    await page.goto(wallUrl(web.port, url, 'any-token', 'map', '&diag=1'));
    await expect(page.getByText(MARKUP, { exact: false }).first()).toBeVisible({ timeout: 60_000 });
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('.alarm-title b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: `${ARTIFACTS}/security-markup-as-text.png` });
  } finally {
    io.close();
    http.close();
    await web.close();
  }
});

test('the wall connects over wss to a server with a pinned self-signed key, and refuses it unpinned', async ({ page }) => {
  test.setTimeout(180_000);
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'qujing-e2e-tls-'));
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  const token = newToken();
  const server = await startStreamServerProcess({
    token,
    seed: 3,
    extraArgs: ['--media', 'off', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
  });
  const httpsUrl = `https://127.0.0.1:${server.port}`;
  const web = await startWeb();
  const pinned = await chromium.launch({
    executablePath: process.env.QUJING_CHROMIUM || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spkiSha256(pems.cert)}`],
  });
  try {
    // Without the pin: the default browser refuses the certificate; the wall says it cannot connect.
    await page.goto(wallUrl(web.port, httpsUrl, token, 'dashboard'));
    await page.waitForTimeout(8_000);
    expect((await diagnostics(page)).connection).not.toBe('connected');
    expect((await diagnostics(page)).counts.units).toBe(0);

    const p = await pinned.newPage();
    await p.goto(wallUrl(web.port, httpsUrl, token, 'dashboard'));
    await expect.poll(async () => (await diagnostics(p)).connection, { timeout: 60_000 }).toBe('connected');
    await expect.poll(async () => (await diagnostics(p)).counts.units, { timeout: 60_000 }).toBeGreaterThan(0);
  } finally {
    await pinned.close();
    await server.stop();
    await web.close();
  }
});
