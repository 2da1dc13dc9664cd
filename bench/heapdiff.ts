/**
 * What grows in a wall window's heap: runs the map (or cameras) view against the stream server
 * at a high --speed, takes a heap snapshot after a warm-up and another at the end (both after
 * a forced GC), and prints the object groups (constructor or kind) whose count or size grew
 * most. Used to tell a leak from data kept by design when the soak's heap slope is not flat.
 *   npx tsx bench/heapdiff.ts [--view map|cameras] [--warmup 120] [--minutes 8] [--speed 144] [--focus "native system / ExternalStringData"]
 *     [--tour 15] [--all-cameras]   cameras view: seconds a page, and a tour over every camera instead of the soak's 36
 */
import type { CDPSession } from 'playwright-core';
import { launch, sleep, VIEWPORT } from './lib/browser';
import { tourQuery } from './lib/tour';
import { newToken, startServer, startWeb, wallDiagnostics, wallUrl } from './lib/wall';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};

interface Group {
  count: number;
  size: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

async function takeSnapshot(cdp: CDPSession): Promise<Snapshot> {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join('')) as Snapshot;
}

/**
 * Where the objects that are new in `b` (ids absent from `a`) hang: for each new node, its
 * retainers are followed up to the first object that already existed in `a`; the old holders
 * and the edge they hold the new objects by are counted. A leak shows as one old holder
 * (a list, a map, a cache) gaining thousands of new objects.
 */
function newObjectHolders(aIds: Set<number>, b: Snapshot, focus = ''): { holder: string; count: number }[] {
  const nf = b.snapshot.meta.node_fields;
  const ef = b.snapshot.meta.edge_fields;
  const ntypes = b.snapshot.meta.node_types[0];
  const etypes = b.snapshot.meta.edge_types[0];
  const [iType, iName, iId, iEdges] = ['type', 'name', 'id', 'edge_count'].map((f) => nf.indexOf(f)) as [number, number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number];
  const N = b.nodes.length / nf.length;
  // One retainer per node is enough to find the holder (the first strong one met).
  const retainer = new Int32Array(N).fill(-1);
  const retainEdge = new Int32Array(N).fill(-1);
  let e = 0;
  for (let n = 0; n < N; n++) {
    const count = b.nodes[n * nf.length + iEdges]!;
    for (let k = 0; k < count; k++, e += ef.length) {
      const type = etypes[b.edges[e + eType]!]!;
      if (type === 'weak' || type === 'shortcut') continue;
      const to = b.edges[e + eTo]! / nf.length;
      if (retainer[to] === -1) {
        retainer[to] = n;
        retainEdge[to] = e;
      }
    }
  }
  const label = (n: number) => `${ntypes[b.nodes[n * nf.length + iType]!]} ${b.strings[b.nodes[n * nf.length + iName]!]!.slice(0, 50)}`;
  const edgeLabel = (edge: number) => {
    const type = etypes[b.edges[edge + eType]!]!;
    const v = b.edges[edge + eName]!;
    return type === 'element' || type === 'hidden' ? `[${type}]` : `.${b.strings[v]!.slice(0, 40)}`;
  };
  const holders = new Map<string, number>();
  for (let n = 0; n < N; n++) {
    if (aIds.has(b.nodes[n * nf.length + iId]!)) continue;
    // --focus "<group>": the whole retainer chain of the new objects of that group, to name their owner.
    if (focus) {
      if (!label(n).startsWith(focus)) continue;
      const chain: string[] = [];
      for (let cur = n, depth = 0; depth < 10 && retainer[cur]! >= 0; depth++) {
        chain.push(`${edgeLabel(retainEdge[cur]!)} ← ${label(retainer[cur]!)}`);
        cur = retainer[cur]!;
      }
      const key = chain.join('  ');
      holders.set(key, (holders.get(key) ?? 0) + 1);
      continue;
    }
    let cur = n;
    let path = '';
    for (let depth = 0; depth < 12; depth++) {
      const r = retainer[cur]!;
      if (r < 0) {
        path = `(no strong retainer) ${path}`;
        break;
      }
      const step = edgeLabel(retainEdge[cur]!);
      if (aIds.has(b.nodes[r * nf.length + iId]!)) {
        path = `${label(r)} ${step}${depth > 0 ? ` …(${depth} new levels)` : ''}`;
        break;
      }
      cur = r;
    }
    if (path) holders.set(path, (holders.get(path) ?? 0) + 1);
  }
  return [...holders.entries()].map(([holder, count]) => ({ holder, count })).sort((x, y) => y.count - x.count);
}

function groupsOf(snap: Snapshot): Map<string, Group> {
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, Group>();
  for (let o = 0; o < snap.nodes.length; o += fields.length) {
    const type = types[snap.nodes[o + iType!]!]!;
    const name = snap.strings[snap.nodes[o + iName!]!]!;
    // Strings and code are grouped by kind; objects by constructor name.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name.slice(0, 60)}` : type;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += snap.nodes[o + iSize!]!;
    groups.set(key, g);
  }
  return groups;
}

async function main(): Promise<void> {
  const view = arg('view', 'map');
  const warmupS = Number(arg('warmup', '120'));
  const minutes = Number(arg('minutes', '8'));
  const speed = Number(arg('speed', '144'));
  const token = newToken();
  const server = await startServer(token, speed);
  const web = await startWeb();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const tourS = Number(arg('tour', '15'));
    const tour = process.argv.includes('--all-cameras') ? `&layout=9&tour=${tourS}` : tourQuery(tourS);
    await page.goto(`${wallUrl(web.port, server.url, token, view)}${view === 'cameras' ? tour : ''}`);
    while ((await wallDiagnostics(page).catch(() => null))?.firstDataAt == null) await sleep(200);
    console.log(`warm-up ${warmupS} s…`);
    await sleep(warmupS * 1000);
    const snapA = await takeSnapshot(cdp);
    const a = groupsOf(snapA);
    const idField = snapA.snapshot.meta.node_fields.indexOf('id');
    const aIds = new Set<number>();
    for (let o = 0; o < snapA.nodes.length; o += snapA.snapshot.meta.node_fields.length) aIds.add(snapA.nodes[o + idField]!);
    console.log(`first snapshot taken; running ${minutes} min (${((minutes * 60 * speed) / 3600).toFixed(1)} simulated hours)…`);
    await sleep(minutes * 60_000);
    const snapB = await takeSnapshot(cdp);
    const b = groupsOf(snapB);
    const total = (m: Map<string, Group>) => [...m.values()].reduce((s, g) => s + g.size, 0);
    console.log(`heap in snapshot: ${(total(a) / 2 ** 20).toFixed(2)} → ${(total(b) / 2 ** 20).toFixed(2)} MiB`);
    const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => {
      const x = a.get(k) ?? { count: 0, size: 0 };
      const y = b.get(k) ?? { count: 0, size: 0 };
      return { k, dCount: y.count - x.count, dSize: y.size - x.size, count: y.count };
    });
    rows.sort((p, q) => q.dSize - p.dSize);
    console.log('grew most (bytes):');
    for (const r of rows.slice(0, 25)) console.log(`  ${String(r.dSize).padStart(9)} B  ${String(r.dCount).padStart(7)} objects (now ${r.count})  ${r.k}`);
    console.log('old objects holding the most new ones (first strong retainer that existed at the first snapshot):');
    for (const h of newObjectHolders(aIds, snapB).slice(0, 20)) console.log(`  ${String(h.count).padStart(7)}  ${h.holder}`);
    const focus = arg('focus', '');
    if (focus) {
      console.log(`retainer chains of the new "${focus}" objects:`);
      for (const h of newObjectHolders(aIds, snapB, focus).slice(0, 12)) console.log(`  ${String(h.count).padStart(7)}  ${h.holder}`);
    }
    console.log('shrank most (bytes):');
    for (const r of rows.slice(-5)) console.log(`  ${String(r.dSize).padStart(9)} B  ${String(r.dCount).padStart(7)} objects (now ${r.count})  ${r.k}`);
  } finally {
    await browser.close();
    await web.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
