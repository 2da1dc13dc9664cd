/**
 * Item 6 (memory over a day): the real wall (map view and a touring camera grid) against the real stream server at a
 * high --speed, so a simulated 24 h of incidents, movement and alarms passes in minutes,
 * with the server restarted on the same port a few times (the wall reconnects and
 * resynchronises). After a forced GC, every sample reads the JS heap, DOM nodes, event
 * listeners (CDP Memory.getDOMCounters) and media elements. Warm-up (the first fifth) is
 * excluded; the slope per simulated hour comes with its 95 % confidence interval.
 * Each sample also counts the records the wall keeps by design (incidents for 31 days,
 * heat-map history for 7 days, alarms, events, face hits): a day's soak never fills those
 * windows, so the heap grows with them, and the report gives the heap added per record kept
 * to tell that growth from a leak.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { VIEWPORT, sleep } from '../lib/browser';
import type { BenchOptions, ItemResult, Row } from '../lib/rows';
import { linearFit } from '../lib/stats';
import { TOUR_CAMERAS, tourQuery } from '../lib/tour';
import { newToken, startServer, startWeb, wallComplete, wallDiagnostics, wallUrl, type MapDiag, type StreamServer } from '../lib/wall';

interface Sample {
  realS: number;
  simH: number;
  heapMB: number;
  nodes: number;
  listeners: number;
  documents: number;
  media: number;
  /** Records kept by design (see the header); NaN when the page does not report them. */
  records: number;
  /** Camera tiles by state and protocol ("playing/ws-flv": 7), so a media count that drops says why. */
  tiles: Record<string, number>;
}

function tileStates(d: MapDiag | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of d?.video?.tiles.list ?? []) {
    const k = `${t.phase}/${t.protocol ?? '-'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function recordsKept(d: MapDiag | null): number {
  const c = d?.counts;
  return c ? c.incidents + c.history + c.alarms + c.cityEvents + c.faceHits : NaN;
}

async function sample(page: Page, cdp: CDPSession, t0: number, speed: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { documents: number; nodes: number; jsEventListeners: number };
  const media = await page.evaluate(() => document.querySelectorAll('video, audio').length);
  const diag = await wallDiagnostics(page).catch(() => null);
  const records = recordsKept(diag);
  const realS = (performance.now() - t0) / 1000;
  return { realS, simH: (realS * speed) / 3600, heapMB: heap.usedSize / 2 ** 20, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, media, records, tiles: tileStates(diag) };
}

/** Seconds each page of the soak's camera tour stays up. */
const TOUR_S = 15;

export async function benchSoak(browser: Browser, o: BenchOptions, log: (s: string) => void): Promise<ItemResult> {
  // Quick: 40 s with a sample every 2 s keeps 16 samples after the warm-up fifth.
  // Full: 600 s at --speed 144 (a simulated 24 h), a sample every 10 s: 48 after the warm-up.
  const durationS = o.quick ? 40 : 600;
  const speed = Math.round(86_400 / durationS);
  const intervalS = o.quick ? 2 : 10;
  const reconnects = o.quick ? 2 : 6;
  // The browser's own caches (V8's compiled code tiering up, Blink's style caches) settle over
  // minutes of real time, whatever the simulation's speed: measured per simulated hour, that
  // settling reads as a slope. So the wall runs this long before the first sample.
  const settleS = o.quick ? 5 : 180;
  const outageS = o.quick ? 2 : 6;
  const token = newToken();
  let server: StreamServer = await startServer(token, speed);
  const port = server.port;
  const web = await startWeb();
  // Two windows as on a wall: the map, and a 3×3 camera grid touring every 15 s (a short dwell
  // for a control-room tour; at 5 s a tile on this machine spends half of each page connecting).
  const views = [
    { name: 'map', url: (srv: StreamServer) => wallUrl(web.port, srv.url, token, 'map') },
    { name: 'cameras', url: (srv: StreamServer) => `${wallUrl(web.port, srv.url, token, 'cameras')}${tourQuery(TOUR_S)}` },
  ];
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const pages: { name: string; page: Page; cdp: CDPSession; samples: Sample[] }[] = [];
  let reconnected = 0;
  let error: string | undefined;
  try {
    for (const v of views) {
      const page = await context.newPage();
      pages.push({ name: v.name, page, cdp: await context.newCDPSession(page), samples: [] });
      await page.goto(v.url(server));
    }
    const ready = async (what: string) => {
      const deadline = Date.now() + 120_000;
      for (const p of pages) {
        const ok = (d: MapDiag | null) => !!d && d.connection === 'connected' && (p.name === 'map' ? wallComplete(d) : d.firstDataAt !== null);
        while (!ok(await wallDiagnostics(p.page).catch(() => null))) {
          if (Date.now() > deadline) throw new Error(`${p.name} view did not ${what} within 120 s`);
          await sleep(100);
        }
      }
    };
    const restart = async (downMs: number) => {
      await server.stop();
      await sleep(downMs);
      server = await startServer(token, speed, port);
    };
    await ready('show data');
    // The warm-up goes through an outage too, long enough for a tile to try each protocol
    // (session.ts moves to the next 300 ms after one fails): the first reconnect, resync and
    // fallback load code the wall had not run yet (a cameras window fetches hls.js when a tile
    // first falls back to HLS: a step of about 1 MiB at the first restart that happens to
    // cause one), which is no growth over time.
    // A quick run, with five minutes for every item, has a shorter outage and settle.
    await restart(outageS * 1000);
    await ready('reconnect after the warm-up restart');
    await sleep(settleS * 1000);
    const t0 = performance.now();
    const restartEvery = durationS / (reconnects + 1);
    let nextRestart = restartEvery;
    // Samples on a fixed schedule: the time a sample or a restart takes comes out of the wait,
    // so a short run still keeps enough samples after its warm-up for a slope.
    let nextSampleAt = t0;
    while ((performance.now() - t0) / 1000 < durationS) {
      nextSampleAt += intervalS * 1000;
      for (const p of pages) p.samples.push(await sample(p.page, p.cdp, t0, speed));
      const realS = (performance.now() - t0) / 1000;
      if (realS >= nextRestart && reconnected < reconnects) {
        nextRestart += restartEvery;
        await restart(1500);
        reconnected++;
      }
      await sleep(Math.max(0, nextSampleAt - performance.now()));
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await context.close();
    await web.close();
    await server.stop();
  }
  const rows: Row[] = [];
  const series: [Exclude<keyof Sample, 'tiles'>, string, string, boolean][] = [
    ['heapMB', 'JS heap after GC', 'MiB', true],
    ['nodes', 'DOM nodes', 'nodes', true],
    ['listeners', 'event listeners', 'listeners', true],
    ['media', 'media elements', 'elements', false],
    ['records', 'records kept by design', 'records', false],
  ];
  for (const p of pages) {
    const warm = p.samples.filter((s) => s.realS >= durationS / 5);
    const first = warm[0];
    const last = warm[warm.length - 1];
    for (const [key, label, unit, targeted] of series) {
      if (key === 'media' && p.name === 'map') continue;
      if (key === 'records' && !warm.every((s) => Number.isFinite(s.records))) continue;
      const fit = linearFit(warm.map((s) => s.simH), warm.map((s) => s[key]));
      // Too few samples give an interval so wide it proves nothing: that is a miss, not a pass.
      const enough = fit.n >= 6;
      const flat = enough && (fit.includesZero || fit.slope === 0);
      log(`  soak ${p.name} ${label}: ${fmt1(first?.[key])} → ${fmt1(last?.[key])} ${unit}, slope ${fit.slope.toFixed(3)} ± ${fit.ci95.toFixed(3)} /sim h (n=${fit.n})`);
      rows.push({
        item: '6 memory (24 h soak)',
        case: `${p.name} view: ${label}`,
        metric: `slope per simulated hour, after warm-up (${fmt1(first?.[key])} → ${fmt1(last?.[key])} ${unit})`,
        unit: `${unit}/h`,
        ours: Number.isFinite(fit.slope) ? fit.slope : null,
        ratio: null,
        target: targeted ? '95 % CI includes 0' : undefined,
        pass: targeted ? flat && !error : null,
        note: `± ${Number.isFinite(fit.ci95) ? fit.ci95.toFixed(3) : '—'} (95 % CI, n=${fit.n}${enough ? '' : ', too few samples'})${key === 'heapMB' ? perRecord(warm, fit.slope) : ''}${key === 'media' ? tileShares(warm) : ''}${error ? `; error: ${error}` : ''}`,
      });
    }
  }
  const cams = pages.find((p) => p.name === 'cameras');
  if (cams) {
    const warm = cams.samples.filter((s) => s.realS >= durationS / 5);
    let tiles = 0;
    let playing = 0;
    for (const s of warm) for (const [k, c] of Object.entries(s.tiles)) {
      tiles += c;
      if (k.startsWith('playing/')) playing += c;
    }
    rows.push({
      item: '6 memory (24 h soak)',
      case: 'cameras view: tiles playing',
      metric: `share of tile samples after warm-up showing live video (tour of ${TOUR_CAMERAS.length} cameras every ${TOUR_S} s, ${reconnected} server restarts)`,
      unit: '%',
      ours: tiles > 0 ? (100 * playing) / tiles : null,
      ratio: null,
      pass: null,
      note: `${playing} of ${tiles} tile samples${tileShares(warm)}`,
    });
  }
  if (rows[0]) rows[0].note += `; warm-up: a ${outageS} s server outage, then ${settleS} s in real time; then ${durationS} s at --speed ${speed} (24 simulated hours), ${reconnected} server restarts; no baseline: growth is compared with zero`;
  return { rows, raw: { speed, durationS, settleS, outageS, reconnected, samples: Object.fromEntries(pages.map((p) => [p.name, p.samples])), error } };
}

/** What the grid's tiles were doing over the samples after warm-up, most frequent first. */
function tileShares(warm: Sample[]): string {
  const sum: Record<string, number> = {};
  let n = 0;
  for (const s of warm) for (const [k, c] of Object.entries(s.tiles)) {
    sum[k] = (sum[k] ?? 0) + c;
    n += c;
  }
  if (n === 0) return '';
  const parts = Object.entries(sum).sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${Math.round((100 * c) / n)} %`);
  return `; tiles over the samples: ${parts.join(', ')}`;
}

/**
 * The heap slope set against the records kept: bytes of heap per record added over the same
 * hours. A few hundred bytes is what a kept record costs (its fields and strings); far more
 * than that, or a heap that grows while the records do not, is a leak.
 */
function perRecord(warm: Sample[], heapSlopeMiBPerH: number): string {
  if (!warm.every((s) => Number.isFinite(s.records))) return '';
  const fit = linearFit(warm.map((s) => s.simH), warm.map((s) => s.records));
  const kept = `; records kept ${fmt1(warm[0]?.records)} → ${fmt1(warm[warm.length - 1]?.records)} (${fit.slope.toFixed(1)}/h)`;
  // Only records that really grew can carry the heap's slope: over a flat count the quotient is noise.
  if (!(fit.slope > 0) || fit.includesZero || !Number.isFinite(heapSlopeMiBPerH)) return kept;
  return `${kept}, heap ${Math.round((heapSlopeMiBPerH * 2 ** 20) / fit.slope)} B per record added`;
}

function fmt1(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1);
}
