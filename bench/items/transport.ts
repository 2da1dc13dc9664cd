/**
 * Item 3 (transport): the same movement as binary positions frames and as one JSON event per
 * unit, over the real socket.io server and client. Client CPU from CDP TaskDuration; bytes on
 * the wire from CDP's WebSocket frame events (payload plus WebSocket frame header).
 */
import type { Browser } from 'playwright-core';
import { benchReady, browserCpuSeconds, mainThreadSeconds, openPage, sleep } from '../lib/browser';
import { ratioOf, type BenchOptions, type ItemResult, type Row } from '../lib/rows';
import { wsHeaderBytes } from '../lib/stats';

interface Measure {
  mode: 'binary' | 'json';
  units: number;
  hz: number;
  msPer1000: number;
  cpuMsPer1000: number;
  bytesPerUpdate: number;
  kbPerSecond: number;
  updatesPerSecond: number;
  delivered: number;
  error?: string;
}

async function measure(browser: Browser, o: BenchOptions, mode: 'binary' | 'json', units: number, hz: number): Promise<Measure> {
  const bp = await openPage(browser, `${o.loadUrl}/?item=transport&mode=${mode}&units=${units}&hz=${hz}`);
  try {
    await benchReady(bp.page, 60_000);
    await sleep(1500);
    // Bytes per update from what crossed the wire, whether or not the page kept up: a binary
    // attachment carries (length − 24) ÷ 16 records, a '42["u",…]' text frame one update.
    let bytes = 0;
    let wireUpdates = 0;
    let counting = false;
    await bp.cdp.send('Network.enable');
    bp.cdp.on('Network.webSocketFrameReceived', (e: { response: { opcode: number; payloadData: string } }) => {
      if (!counting) return;
      const binary = e.response.opcode === 2;
      const len = binary ? Math.floor((e.response.payloadData.length * 3) / 4) - (e.response.payloadData.match(/=+$/)?.[0].length ?? 0) : Buffer.byteLength(e.response.payloadData);
      bytes += len + wsHeaderBytes(len);
      if (binary) wireUpdates += Math.max(0, (len - 24) / 16);
      else if (e.response.payloadData.startsWith('42["u"')) wireUpdates++;
    });
    counting = true;
    const since = await bp.page.evaluate(() => window.bench.probe.reset());
    const b0 = await mainThreadSeconds(bp.cdp);
    const c0 = browserCpuSeconds();
    await sleep(o.quick ? 4000 : 12_000);
    const c1 = browserCpuSeconds();
    const b1 = await mainThreadSeconds(bp.cdp);
    counting = false;
    const s = await bp.page.evaluate((t) => window.bench.probe.snapshot(t), since);
    const seconds = s.elapsedMs / 1000;
    return {
      mode,
      units,
      hz,
      msPer1000: s.updates > 0 ? (((b1 - b0) * 1000) / s.updates) * 1000 : NaN,
      cpuMsPer1000: s.updates > 0 ? (((c1 - c0) * 1000) / s.updates) * 1000 : NaN,
      bytesPerUpdate: wireUpdates > 0 ? bytes / wireUpdates : NaN,
      kbPerSecond: bytes / 1024 / seconds,
      updatesPerSecond: s.updates / seconds,
      delivered: s.updates / seconds / (units * hz),
    };
  } catch (e) {
    return { mode, units, hz, msPer1000: NaN, cpuMsPer1000: NaN, bytesPerUpdate: NaN, kbPerSecond: NaN, updatesPerSecond: NaN, delivered: NaN, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    await bp.close();
  }
}

const fin = (x: number) => (Number.isFinite(x) ? x : null);

export async function benchTransport(browser: Browser, o: BenchOptions, log: (s: string) => void): Promise<ItemResult> {
  const loads: [number, number][] = o.quick ? [[1000, 1], [10000, 1]] : [[1000, 1], [5000, 1], [10000, 1], [10000, 4]];
  const all: Measure[] = [];
  for (const [units, hz] of loads) {
    for (const mode of ['binary', 'json'] as const) {
      const m = await measure(browser, o, mode, units, hz);
      log(`  transport ${mode.padEnd(6)} ${units}@${hz}Hz: ${m.msPer1000.toFixed(2)} ms/1k, ${m.bytesPerUpdate.toFixed(1)} B/update, ${m.kbPerSecond.toFixed(0)} KiB/s, ${(m.delivered * 100).toFixed(0)} % delivered${m.error ? ` ERROR ${m.error}` : ''}`);
      all.push(m);
    }
  }
  const rows: Row[] = [];
  for (const [units, hz] of loads) {
    const ours = all.find((m) => m.mode === 'binary' && m.units === units && m.hz === hz)!;
    const json = all.find((m) => m.mode === 'json' && m.units === units && m.hz === hz)!;
    const c = `${units / 1000}k units @ ${hz} Hz`;
    const lag = json.delivered < 0.95 ? `JSON delivered only ${(json.delivered * 100).toFixed(0)} % of updates in the window (client fell behind)` : undefined;
    rows.push({ item: '3 transport', case: c, metric: 'client main-thread ms per 1,000 updates', unit: 'ms', ours: fin(ours.msPer1000), baseA: fin(json.msPer1000), ratio: ratioOf(fin(json.msPer1000), fin(ours.msPer1000)), note: [ours.error, json.error, lag].filter(Boolean).join('; ') || undefined });
    rows.push({ item: '3 transport', case: c, metric: 'CPU ms per 1,000 updates, all browser processes', unit: 'ms', ours: fin(ours.cpuMsPer1000), baseA: fin(json.cpuMsPer1000), ratio: ratioOf(fin(json.cpuMsPer1000), fin(ours.cpuMsPer1000)) });
    rows.push({ item: '3 transport', case: c, metric: 'bytes on the wire per update', unit: 'B', ours: fin(ours.bytesPerUpdate), baseA: fin(json.bytesPerUpdate), ratio: ratioOf(fin(json.bytesPerUpdate), fin(ours.bytesPerUpdate)) });
  }
  return { rows, raw: all };
}
