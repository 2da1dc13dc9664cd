#!/usr/bin/env node
// `npm run soak -- --minutes N [--speed X] [--view map]`: the built wall in Chromium against
// the built stream server running an accelerated simulation, through a TCP proxy that
// injects faults on a schedule (link drop, server pause, blackhole, server restart). Samples
// memory (JS heap, DOM nodes), reconnects, resyncs and rejected messages; prints start vs
// end and the slope, and fails if the wall ends disconnected, rejected anything the server
// sent, or grew its DOM. Needs `npm run build` first. Run with tsx (it imports the proxy).
import { chromium } from 'playwright-core';
import { startStreamServerProcess } from './lib/stream-server-process.mjs';
import { startWebServer } from './lib/serve-web.mjs';
import { CHROMIUM_ARGS, findChromium } from './lib/find-chromium.mjs';
import { startTcpProxy } from '../e2e/support/tcp-proxy.ts';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const minutes = Number(arg('minutes', '1'));
const speed = Number(arg('speed', '20'));
const view = arg('view', 'dashboard');
if (!(minutes > 0) || !(speed > 0)) {
  console.error('usage: npm run soak -- --minutes N [--speed X] [--view dashboard|map|drainage]');
  process.exit(2);
}
const browserPath = findChromium();
if ('error' in browserPath) {
  console.error(browserPath.error);
  process.exit(1);
}

const FAULT_EVERY_MS = 10_000;
const SAMPLE_EVERY_MS = 5_000;
const token = `soak-${Math.random().toString(36).slice(2)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = await startStreamServerProcess({ token, seed: 31, speed, extraArgs: ['--media', 'off'] });
const port = server.port;
const proxy = await startTcpProxy({ host: '127.0.0.1', port });
const web = await startWebServer({ port: 0 });
const browser = await chromium.launch({ executablePath: browserPath.path, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const url = `http://127.0.0.1:${web.port}/?server=${encodeURIComponent(proxy.url)}&token=${encodeURIComponent(token)}&view=${view}&diag=1`;
await page.goto(url);

const diag = () => page.evaluate(() => window.wallDiagnostics());
const sample = async (t) => {
  const d = await diag();
  const mem = await page.evaluate(() => ({ heap: performance.memory?.usedJSHeapSize ?? 0, dom: document.getElementsByTagName('*').length }));
  return { t, heapMB: mem.heap / 2 ** 20, dom: mem.dom, connection: d.connection, resyncs: d.resyncs, rejected: d.rejected.total, gap: d.longestFrameGapMs, units: d.counts.units };
};

const faults = [
  ['drop', async () => proxy.drop()],
  ['pause', async () => {
    process.kill(server.pid, 'SIGSTOP');
    await sleep(6_000);
    process.kill(server.pid, 'SIGCONT');
  }],
  ['blackhole', async () => {
    proxy.setMode({ kind: 'blackhole' });
    await sleep(6_000);
    proxy.setMode({ kind: 'pass' });
  }],
  ['restart', async () => {
    await server.stop('SIGKILL');
    server = await startStreamServerProcess({ token, seed: 31, speed, port, extraArgs: ['--media', 'off'] });
  }],
];

const samples = [];
const injected = {};
let exit = 0;
try {
  // Wait for data before the clock starts.
  for (let i = 0; i < 120 && (await diag()).counts.units === 0; i++) await sleep(500);
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  let nextFault = t0 + FAULT_EVERY_MS;
  let nextSample = t0;
  let f = 0;
  while (Date.now() < end) {
    const now = Date.now();
    if (now >= nextSample) {
      samples.push(await sample((now - t0) / 1000));
      nextSample += SAMPLE_EVERY_MS;
    }
    // Faults stop a little before the end so the last sample shows the recovered wall.
    if (now >= nextFault && now < end - 20_000) {
      const [name, run] = faults[f++ % faults.length];
      injected[name] = (injected[name] ?? 0) + 1;
      await run();
      nextFault = Date.now() + FAULT_EVERY_MS;
    }
    await sleep(250);
  }
  for (let i = 0; i < 40 && (await diag()).connection !== 'connected'; i++) await sleep(500);
  samples.push(await sample((Date.now() - t0) / 1000));
} finally {
  await browser.close();
  await proxy.close();
  await server.stop();
  await web.close();
}

/** Least-squares slope of y over t (per minute). */
function slope(key) {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const my = samples.reduce((a, s) => a + s[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (s[key] - my);
    den += (s.t - mt) ** 2;
  }
  return den ? (num / den) * 60 : 0;
}
const first = samples[0];
const last = samples[samples.length - 1];
const report = {
  minutes,
  speed,
  view,
  faults: injected,
  connections: proxy.accepted(),
  heapMB: { start: +first.heapMB.toFixed(1), end: +last.heapMB.toFixed(1), slopePerMin: +slope('heapMB').toFixed(2) },
  domNodes: { start: first.dom, end: last.dom, slopePerMin: +slope('dom').toFixed(1) },
  resyncs: last.resyncs,
  rejected: last.rejected,
  longestFrameGapMs: last.gap,
  finalConnection: last.connection,
};
console.log(`soak: ${JSON.stringify(report)}`);
if (last.connection !== 'connected') {
  console.error('soak: the wall did not reconnect after the last fault');
  exit = 1;
}
if (last.rejected > 0) {
  console.error('soak: the wall rejected messages from a well-behaved server');
  exit = 1;
}
// DOM must not grow with time: a little slack for panels that fill in.
if (last.dom > first.dom * 1.2 + 50) {
  console.error(`soak: DOM grew from ${first.dom} to ${last.dom} nodes`);
  exit = 1;
}
process.exit(exit);
