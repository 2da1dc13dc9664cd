#!/usr/bin/env node
// `npm run soak -- --minutes N [--speed X] [--view map] [--fault-every S]`: the built wall in
// Chromium against the built stream server running an accelerated simulation, through a TCP
// proxy that injects faults on a schedule (link drop, server pause, blackhole, server
// restart). Samples memory after a forced GC (JS heap, DOM nodes, listeners), reconnects,
// resyncs and rejected messages; prints start vs end and the slope after warm-up, and fails
// if the wall ends disconnected, rejected anything the server sent, or grew its DOM.
// `--view cameras [--layout 16] [--tour 15] [--cameras id,id,…]` soaks a touring camera grid
// playing the demo streams (over every camera, or the listed ones as a configured tour), and
// also fails if players or media elements outlive their tiles.
// Needs `npm run build` first. Run with tsx (it imports the proxy and the bench statistics).
import { chromium } from 'playwright-core';
import { startStreamServerProcess } from './lib/stream-server-process.mjs';
import { startWebServer } from './lib/serve-web.mjs';
import { CHROMIUM_ARGS, findChromium } from './lib/find-chromium.mjs';
import { startTcpProxy } from '../e2e/support/tcp-proxy.ts';
import { linearFit } from '../bench/lib/stats.ts';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const minutes = Number(arg('minutes', '1'));
const speed = Number(arg('speed', '20'));
const view = arg('view', 'dashboard');
const cameras = view === 'cameras';
const layout = Number(arg('layout', '16'));
const tour = Number(arg('tour', '15'));
// A configured tour (as `cameras=` in the wall's address); every camera when absent.
const tourCameras = arg('cameras', '');
// A server restart also cuts every video stream: on a camera grid, fault less often.
const faultEveryS = Number(arg('fault-every', cameras ? '60' : '10'));
if (!(minutes > 0) || !(speed > 0) || !(faultEveryS > 0) || !(layout > 0) || !(tour >= 0)) {
  console.error('usage: npm run soak -- --minutes N [--speed X] [--view dashboard|map|drainage|cameras] [--layout 16] [--tour 15] [--cameras id,id,…] [--fault-every S]');
  process.exit(2);
}
const browserPath = findChromium();
if ('error' in browserPath) {
  console.error(browserPath.error);
  process.exit(1);
}

const FAULT_EVERY_MS = faultEveryS * 1000;
// Warm-up (players, caches, the first snapshot) is left out of the slope.
const WARMUP_S = Math.min(300, (minutes * 60) / 10);
const SAMPLE_EVERY_MS = minutes > 10 ? 15_000 : 5_000;
const serverArgs = cameras ? [] : ['--media', 'off'];
const token = `soak-${Math.random().toString(36).slice(2)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = await startStreamServerProcess({ token, seed: 31, speed, extraArgs: serverArgs });
const port = server.port;
const proxy = await startTcpProxy({ host: '127.0.0.1', port });
const web = await startWebServer({ port: 0 });
const browser = await chromium.launch({ executablePath: browserPath.path, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
// Video goes straight to the stream server (a media gateway of its own), not through the
// proxy: the page must allow that origin, as ?media= does for a real gateway.
const grid = cameras
  ? `&layout=${layout}&tour=${tour}&media=${encodeURIComponent(`http://127.0.0.1:${port}`)}${tourCameras ? `&cameras=${encodeURIComponent(tourCameras)}` : ''}`
  : '';
const url = `http://127.0.0.1:${web.port}/?server=${encodeURIComponent(proxy.url)}&token=${encodeURIComponent(token)}&view=${view}&diag=1${grid}`;
const cdp = await page.context().newCDPSession(page);
await page.goto(url);

const diag = () => page.evaluate(() => window.wallDiagnostics());
const sample = async (t) => {
  const d = await diag();
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const v = d.video;
  return {
    t,
    heapMB: heap.usedSize / 2 ** 20,
    dom: counters.nodes,
    listeners: counters.jsEventListeners,
    players: v.players.live,
    opened: v.players.opened,
    media: v.mediaElements.inDocument,
    tiles: v.tiles.live,
    playing: v.tiles.byPhase.playing ?? 0,
    connection: d.connection,
    resyncs: d.resyncs,
    rejected: d.rejected.total,
    gap: d.longestFrameGapMs,
    units: d.counts.units,
  };
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
    server = await startStreamServerProcess({ token, seed: 31, speed, port, extraArgs: serverArgs });
  }],
];

const samples = [];
const injected = {};
let exit = 0;
try {
  // Wait for data before the clock starts.
  const ready = (d) => (cameras ? d.firstDataAt !== null && (d.video.tiles.byPhase.playing ?? 0) > 0 : d.counts.units > 0);
  for (let i = 0; i < 120 && !ready(await diag()); i++) await sleep(500);
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  let nextFault = t0 + FAULT_EVERY_MS;
  let nextSample = t0;
  let f = 0;
  while (Date.now() < end) {
    const now = Date.now();
    if (now >= nextSample) {
      const s = await sample((now - t0) / 1000);
      samples.push(s);
      if (minutes > 10) console.log(`soak: t=${Math.round(s.t)} s heap ${s.heapMB.toFixed(1)} MiB, ${s.dom} nodes, ${s.listeners} listeners${cameras ? `, ${s.players} players (${s.opened} opened), ${s.media} media, ${s.playing}/${s.tiles} playing` : ''}`);
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

/** Slope per hour after warm-up, with its 95 % confidence interval. */
function slope(key) {
  const after = samples.filter((s) => s.t >= WARMUP_S);
  const fit = linearFit(after.map((s) => s.t / 3600), after.map((s) => s[key]));
  return { perHour: +fit.slope.toFixed(3), ci95: +fit.ci95.toFixed(3), samples: fit.n, flat: fit.includesZero };
}
const first = samples[0];
const warm = samples.find((s) => s.t >= WARMUP_S) ?? first;
const last = samples[samples.length - 1];
const report = {
  minutes,
  speed,
  view,
  ...(cameras ? { layout, tourS: tour } : {}),
  warmupS: WARMUP_S,
  faults: injected,
  connections: proxy.accepted(),
  heapMB: { start: +first.heapMB.toFixed(1), afterWarmup: +warm.heapMB.toFixed(1), end: +last.heapMB.toFixed(1), slope: slope('heapMB') },
  domNodes: { start: first.dom, afterWarmup: warm.dom, end: last.dom, slope: slope('dom') },
  listeners: { afterWarmup: warm.listeners, end: last.listeners, slope: slope('listeners') },
  ...(cameras
    ? { players: { afterWarmup: warm.players, end: last.players, opened: last.opened }, mediaElements: { afterWarmup: warm.media, end: last.media }, tilesPlayingAtEnd: `${last.playing}/${last.tiles}` }
    : {}),
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
// Every tile holds at most one player and one media element; more means a leak.
if (cameras && (last.players > last.tiles || last.media > last.tiles)) {
  console.error(`soak: ${last.players} players and ${last.media} media elements for ${last.tiles} tiles`);
  exit = 1;
}
process.exit(exit);
