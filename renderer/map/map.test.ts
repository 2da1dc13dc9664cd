import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../shared/geo';
import { COORD_SCALE, INCIDENT_CATEGORIES, encodeIncidentHistory, decodeIncidentHistory, type Incident } from '../../shared/protocol';
import { gridCluster, mercatorX, mercatorY } from './cluster';
import { convertPairs, metresBetween } from './crs';
import { policeStrength } from '../data/deployment';
import { ALL_CATEGORIES, HOUR_MS, MapIncidents } from './incidents';
import { cellOf, gridSpecFor, HEAT_CELL_DEG, sumCells } from './heatgrid';
import { GLIDE_REBASE_MS, TrailRing, UnitMotion, glideDecision, isStale } from './motion';

const QILIN = { lon: 103.7976, lat: 25.4967 };
const BASE = Date.UTC(2026, 10, 1);

function history(records: { t: number; lon: number; lat: number; cat: (typeof INCIDENT_CATEGORIES)[number]; p: 1 | 2 | 3 }[]) {
  const buf = encodeIncidentHistory(
    BASE,
    records.map((r) => ({ time: BASE + r.t, lon: r.lon, lat: r.lat, category: r.cat, priority: r.p, district: "530302" as const })),
  );
  const d = decodeIncidentHistory(buf);
  if (!d.ok) throw new Error(d.reason);
  return d.value;
}

describe('GCJ-02 conversion in Qujing', () => {
  const points = [
    QILIN,
    { lon: 103.8, lat: 25.5 },
    { lon: 104.25, lat: 25.03 }, // 罗平 side
    { lon: 103.25, lat: 26.42 }, // 会泽 side
    { lon: 103.55, lat: 25.35 },
  ];
  it('shifts positions by a few hundred metres, the usual offset there', () => {
    for (const p of points) {
      const [x, y] = wgs84ToGcj02(p.lon, p.lat);
      const d = metresBetween(p.lon, p.lat, x, y);
      expect(d).toBeGreaterThan(300);
      expect(d).toBeLessThan(700);
    }
  });
  it('round-trips to within 0.01 m', () => {
    for (const p of points) {
      const [x, y] = wgs84ToGcj02(p.lon, p.lat);
      const [lon, lat] = gcj02ToWgs84(x, y);
      expect(metresBetween(p.lon, p.lat, lon, lat)).toBeLessThan(0.01);
    }
  });
  it('converts interleaved draw buffers, and leaves WGS-84 alone', () => {
    const src = new Float64Array([QILIN.lon, QILIN.lat, 103.8, 25.5]);
    const dst = new Float64Array(4);
    convertPairs('gcj02', src, dst, 2);
    expect([dst[0], dst[1]]).toEqual(wgs84ToGcj02(QILIN.lon, QILIN.lat));
    expect(src[0]).toBe(QILIN.lon);
    convertPairs('wgs84', src, dst, 2);
    expect([...dst]).toEqual([...src]);
  });
});

describe('incident columns and filtering', () => {
  const h = history([
    { t: 0, lon: QILIN.lon, lat: QILIN.lat, cat: 'theft', p: 3 },
    { t: 10 * 24 * HOUR_MS, lon: 103.8, lat: 25.5, cat: 'robbery', p: 1 },
    { t: 29 * 24 * HOUR_MS + 1000, lon: 103.81, lat: 25.51, cat: 'theft', p: 2 },
    { t: 30 * 24 * HOUR_MS - 1000, lon: 103.82, lat: 25.52, cat: 'fraud', p: 2 },
  ]);
  const now = BASE + 30 * 24 * HOUR_MS;

  it('counts more the longer the window, fewer with a category filter', () => {
    const m = new MapIncidents();
    m.reset(h, []);
    const n = (w: number, mask = ALL_CATEGORIES) => m.filter(now - w, now + 1, mask).length;
    expect(n(HOUR_MS)).toBe(1);
    expect(n(24 * HOUR_MS)).toBe(2);
    expect(n(7 * 24 * HOUR_MS)).toBe(2);
    expect(n(30 * 24 * HOUR_MS + 1)).toBe(4);
    expect(n(30 * 24 * HOUR_MS + 1, 1 << INCIDENT_CATEGORIES.indexOf('theft'))).toBe(2);
    expect(n(30 * 24 * HOUR_MS + 1, 1 << INCIDENT_CATEGORIES.indexOf('robbery'))).toBe(1);
  });

  it('skips history records that fail their range check instead of drawing them', () => {
    const bad = history([
      { t: 0, lon: QILIN.lon, lat: QILIN.lat, cat: 'theft', p: 3 },
      { t: 1000, lon: 103.8, lat: 25.5, cat: 'theft', p: 2 },
    ]);
    bad.priority[1] = 9; // no such priority
    const m = new MapIncidents();
    m.reset(bad, []);
    expect(m.count).toBe(1);
  });

  it('reuses one index buffer: no allocation per filter change', () => {
    const m = new MapIncidents();
    m.reset(h, []);
    const a = m.filter(0, now + 1, ALL_CATEGORIES);
    const b = m.filter(0, now + 1, 1);
    expect(a.buffer).toBe(b.buffer);
  });

  it('converts positions once when the basemap is GCJ-02, and appends live incidents with a pulse', () => {
    const m = new MapIncidents('gcj02');
    m.reset(h, [{ id: 'old', reportedAt: now }]);
    const [x, y] = wgs84ToGcj02(h.lon[0]! / COORD_SCALE, h.lat[0]! / COORD_SCALE);
    expect(m.positions[0]).toBeCloseTo(x, 4);
    expect(m.positions[1]).toBeCloseTo(y, 4);
    const inc = { id: 'new', category: 'fight', priority: 1, lon: QILIN.lon, lat: QILIN.lat, reportedAt: now } as Incident;
    expect(m.addLive({ ...inc, id: 'old' }, 5)).toBe(false);
    expect(m.addLive(inc, 10)).toBe(true);
    expect(m.addLive(inc, 11)).toBe(false);
    expect(m.count).toBe(5);
    expect(m.category[4]).toBe(INCIDENT_CATEGORIES.indexOf('fight'));
    expect(m.recentArrivals(0)).toHaveLength(1);
    expect(m.recentArrivals(20)).toHaveLength(0);
  });

  /** The heat grid's cells as "lon,lat" (4 decimals) → weight. */
  const cellsOf = (g: { n: number; pos: Float32Array; weight: Float32Array }) =>
    new Map(Array.from({ length: g.n }, (_, k) => [`${g.pos[k * 2]!.toFixed(4)},${g.pos[k * 2 + 1]!.toFixed(4)}`, g.weight[k]!]));

  it('grids the filtered records only, and a live incident beyond the grid widens it', () => {
    const m = new MapIncidents();
    m.reset(h, []);
    const all = m.heatGrid(m.filter(0, now + 1, ALL_CATEGORIES));
    expect([...all.weight].reduce((a, b) => a + b, 0)).toBe(4);
    const day = cellsOf(m.heatGrid(m.filter(now - 24 * HOUR_MS, now + 1, ALL_CATEGORIES)));
    expect([...day.values()]).toEqual([1, 1]);
    // 1.5° east of everything so far: the grid must grow to hold it, not drop or clamp it.
    const far = { id: 'far', category: 'fight', priority: 1, lon: 105.3, lat: 25.5, reportedAt: now } as Incident;
    m.addLive(far, 0);
    const g = m.heatGrid(m.filter(now - 24 * HOUR_MS, now + 1, ALL_CATEGORIES));
    expect(g.n).toBe(3);
    const farCell = [...cellsOf(g).keys()].map((k) => k.split(',').map(Number)).find(([x]) => x! > 105)!;
    expect(Math.abs(farCell[0]! - 105.3)).toBeLessThan(g.cellDeg);
    expect(Math.abs(farCell[1]! - 25.5)).toBeLessThan(g.cellDeg);
  });

  it('keeps each record in its own cell when old records are dropped to make room', () => {
    const m = new MapIncidents();
    m.reset(h, []);
    m.heatGrid(m.filter(0, now + 1, ALL_CATEGORIES));
    m.compact(now - 24 * HOUR_MS); // drops the two oldest
    expect(m.count).toBe(2);
    const live = { id: 'live', category: 'fight', priority: 1, lon: 103.8, lat: 25.5, reportedAt: now } as Incident;
    m.addLive(live, 0);
    const cells = cellsOf(m.heatGrid(m.filter(0, now + 1, ALL_CATEGORIES)));
    const near = (lon: number, lat: number) => [...cells].filter(([k]) => {
      const [x, y] = k.split(',').map(Number);
      return Math.abs(x! - lon) < 0.0005 && Math.abs(y! - lat) < 0.0005;
    });
    expect(near(103.81, 25.51)).toHaveLength(1);
    expect(near(103.82, 25.52)).toHaveLength(1);
    expect(near(103.8, 25.5)).toHaveLength(1);
    expect(near(QILIN.lon, QILIN.lat)).toHaveLength(0);
  });
});

describe('grid clustering', () => {
  it('merges points within a cell and keeps far ones apart, with counts and the most urgent priority', () => {
    const pos = new Float32Array([103.8, 25.5, 103.80001, 25.50001, 103.80002, 25.5, 103.9, 25.6]);
    const c = gridCluster({ positions: pos, count: 4, rank: [3, 1, 2, 3] }, 13, 44);
    expect(c.n).toBe(2);
    const big = c.counts[0] === 3 ? 0 : 1;
    expect(c.counts[big]).toBe(3);
    expect(c.rank[big]).toBe(1);
    expect(c.single[1 - big]).toBe(3);
    expect(c.positions[big * 2]).toBeCloseTo(103.80001, 4);
  });
  it('keeps keys apart and counts flagged members', () => {
    const pos = new Float32Array([103.8, 25.5, 103.8, 25.5, 103.8, 25.5]);
    const c = gridCluster({ positions: pos, count: 3, key: [0, 1, 0], flag: [1, 0, 0] }, 10, 64);
    expect(c.n).toBe(2);
    const k0 = c.key[0] === 0 ? 0 : 1;
    expect(c.counts[k0]).toBe(2);
    expect(c.flagged[k0]).toBe(1);
  });
  it('uses only the given indices, and fewer, larger clusters at lower zoom', () => {
    const pos = new Float32Array(Array.from({ length: 200 }, (_, i) => (i % 2 ? 25.5 + (i >> 1) * 1e-3 : 103.8 + (i >> 1) * 1e-3)));
    const high = gridCluster({ positions: pos, count: 100 }, 15, 40);
    const low = gridCluster({ positions: pos, count: 100 }, 11, 40);
    expect(low.n).toBeLessThan(high.n);
    const some = gridCluster({ positions: pos, count: 100, indices: [0, 1, 2] }, 15, 40);
    expect([...some.counts].reduce((a, b) => a + b, 0)).toBe(3);
  });
  it('Web Mercator helpers', () => {
    expect(mercatorX(0)).toBe(0.5);
    expect(mercatorY(0)).toBeCloseTo(0.5);
    expect(mercatorY(25)).toBeLessThan(0.5);
  });
});

describe('unit motion, trails and staleness', () => {
  it('glides from the drawn position to the new report over the interval', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 1, positions: [100, 20], ids: ['a'] }, 0);
    expect(m.positionAt(0, 0)).toEqual([100, 20]);
    expect(m.moving(0)).toBe(false);
    m.sync({ count: 1, positions: [101, 22], ids: ['a'] }, 1000);
    expect(m.moving(1500)).toBe(true);
    const [x, y] = m.positionAt(0, 1500);
    expect(x).toBeCloseTo(100.5, 5);
    expect(y).toBeCloseTo(21, 5);
    expect(m.moving(2000)).toBe(false);
    expect(m.positionAt(0, 2000)).toEqual([101, 22]);
    expect(m.lastMove[0]).toBe(1000);
  });
  it('hands the GPU start point, target and start time relative to the epoch (the shader formula)', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 1, positions: [100, 20], ids: ['a'] }, 5000);
    expect(m.epoch).toBe(5000);
    m.sync({ count: 1, positions: [102, 20], ids: ['a'] }, 6000);
    // A new report mid-glide starts from where the marker is drawn, not from the old target.
    m.sync({ count: 1, positions: [102, 24], ids: ['a'] }, 6500);
    expect([m.gpuFrom[0], m.gpuFrom[1]]).toEqual([101, 20]);
    expect([m.gpuTo[0], m.gpuTo[1]]).toEqual([102, 24]);
    expect(m.gpuStart[0]).toBe(1500);
    const shader = (now: number) => {
      const t = Math.min(1, Math.max(0, (now - m.epoch - m.gpuStart[0]!) / 1000));
      return [m.gpuFrom[0]! + (m.gpuTo[0]! - m.gpuFrom[0]!) * t, m.gpuFrom[1]! + (m.gpuTo[1]! - m.gpuFrom[1]!) * t];
    };
    for (const now of [6500, 6750, 7000, 9000]) expect(shader(now)).toEqual(m.positionAt(0, now));
  });
  it('uploads only when a batch changed something', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 1, positions: [1, 1], ids: ['a'] }, 0);
    const v = m.version;
    m.sync({ count: 1, positions: [1, 1], ids: ['a'] }, 100);
    expect(m.version).toBe(v);
    m.sync({ count: 1, positions: [1, 2], ids: ['a'] }, 200);
    expect(m.version).toBe(v + 1);
  });
  it('rebases the epoch so float32 start times keep millisecond precision, without restarting finished glides', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 2, positions: [1, 1, 5, 5], ids: ['a', 'b'] }, 1000);
    m.sync({ count: 2, positions: [2, 1, 5, 5], ids: ['a', 'b'] }, 2000);
    const later = 1000 + GLIDE_REBASE_MS + 50_000_000; // ~14 h later
    m.sync({ count: 2, positions: [2, 1, 6, 5], ids: ['a', 'b'] }, later);
    expect(m.epoch).toBe(later);
    // Row a finished long ago: its start is clamped to −duration (still "arrived").
    expect(m.gpuStart[0]).toBe(-1000);
    expect(m.gpuStart[1]).toBe(0);
    expect(Math.fround(later + 0.5 - m.epoch)).toBe(0.5);
    expect(m.positionAt(0, later)).toEqual([2, 1]);
  });
  it('snaps a row that changed owner instead of gliding across the city', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 2, positions: [1, 1, 2, 2], ids: ['a', 'b'] }, 0);
    m.sync({ count: 2, positions: [1.5, 1, 2, 2], ids: ['a', 'b'] }, 50);
    // a removed: b's row moves into row 0 — drawn at b's position at once, not gliding from a's.
    m.sync({ count: 1, positions: [2, 2], ids: ['b'] }, 100);
    expect(m.positionAt(0, 100)).toEqual([2, 2]);
    expect([m.gpuFrom[0], m.gpuFrom[1]]).toEqual([2, 2]);
    expect(m.gpuStart[0]).toBeLessThanOrEqual(-1000 + 100);
    expect(m.trails.sizes[0]).toBe(1);
  });
  it('measures the largest on-screen move of a batch and glides only when it shows', () => {
    const m = new UnitMotion(4, 1000);
    m.sync({ count: 2, positions: [QILIN.lon, QILIN.lat, QILIN.lon + 0.01, QILIN.lat], ids: ['a', 'b'] }, 0);
    // A car 10 m east at 1 Hz, the other unit still.
    m.sync({ count: 2, positions: [QILIN.lon + 0.0001, QILIN.lat, QILIN.lon + 0.01, QILIN.lat], ids: ['a', 'b'] }, 1000);
    // 512·2^z / 360 pixels per degree of longitude.
    expect(m.stepPixels(11)).toBeCloseTo((0.0001 * 512 * 2048) / 360, 3);
    // The whole city on a wall (zoom 11): under a pixel, drawn at the report without a glide.
    expect(glideDecision(m, 11, true)).toMatchObject({ on: false, reason: 'sub-pixel' });
    // Street zoom: 4.7 px, worth gliding — unless the renderer cannot afford it.
    expect(glideDecision(m, 15, true)).toMatchObject({ on: true, reason: 'visible-moves' });
    expect(glideDecision(m, 15, false)).toMatchObject({ on: false, reason: 'slow-renderer' });
    // North-south moves count with Mercator's stretch (1/cos latitude).
    m.sync({ count: 2, positions: [QILIN.lon + 0.0001, QILIN.lat + 0.001, QILIN.lon + 0.01, QILIN.lat], ids: ['a', 'b'] }, 2000);
    expect(m.stepPixels(11)).toBeCloseTo((0.001 / Math.cos((QILIN.lat * Math.PI) / 180)) * ((512 * 2048) / 360), 2);
  });
  it('lands every running glide at once (snap)', () => {
    const m = new UnitMotion(2, 1000);
    m.sync({ count: 2, positions: [1, 1, 5, 5], ids: ['a', 'b'] }, 0);
    m.sync({ count: 2, positions: [2, 1, 5, 6], ids: ['a', 'b'] }, 1000);
    expect(m.moving(1200)).toBe(true);
    const v = m.version;
    m.land(1200);
    expect(m.moving(1200)).toBe(false);
    expect(m.version).toBe(v + 1);
    expect(m.positionAt(0, 1200)).toEqual([2, 1]);
    expect(m.positionAt(1, 1200)).toEqual([5, 6]);
    // What the shader draws: from = to, glide over.
    expect([m.gpuFrom[0], m.gpuFrom[1], m.gpuFrom[2], m.gpuFrom[3]]).toEqual([2, 1, 5, 6]);
    expect(m.gpuStart[0]! + m.epoch).toBeLessThanOrEqual(1200 - 1000);
    // The next report glides from the landed position.
    m.sync({ count: 2, positions: [3, 1, 5, 6], ids: ['a', 'b'] }, 1300);
    expect(m.positionAt(0, 1800)).toEqual([2.5, 1]);
  });
  it('grows past its capacity', () => {
    const m = new UnitMotion(1, 1000);
    const pos = Array.from({ length: 20 }, (_, i) => i);
    m.sync({ count: 10, positions: pos, ids: Array.from({ length: 10 }, (_, i) => `u${i}`) }, 0);
    expect(m.positionAt(9, 0)).toEqual([18, 19]);
    expect(m.gpuTo[18]).toBe(18);
  });
  it('keeps the last ten positions per unit in a ring buffer', () => {
    const r = new TrailRing(2, 10);
    for (let i = 0; i < 14; i++) r.push(1, i, -i);
    const pts = r.row(1);
    expect(pts).toHaveLength(10);
    expect(pts[0]).toEqual([4, -4]);
    expect(pts[9]).toEqual([13, -13]);
    expect(r.row(0)).toEqual([]);
    const pos = new Float32Array(40);
    const ages = new Float32Array(20);
    expect(r.flatten(2, pos, ages)).toBe(10);
    expect(ages[0]).toBeCloseTo(0.9);
    expect(ages[9]).toBe(0);
  });
  it('a unit not heard of for longer than the limit is stale', () => {
    expect(isStale(0, 60_000, 60_000)).toBe(false);
    expect(isStale(0, 60_001, 60_000)).toBe(true);
  });
});

describe('deployment counts', () => {
  it('counts by status city-wide and per district', () => {
    const c = policeStrength([
      { status: 'patrol', district: '530302' },
      { status: 'patrol', district: '530302' },
      { status: 'dispatched', district: '530381' },
      { status: 'on_duty', district: '530302' },
    ] as never);
    expect(c.total).toBe(4);
    expect(c.city).toEqual([1, 2, 0, 0, 1]);
    const sum = c.byDistrict.reduce((a, row) => a.map((v, i) => v + row[i]!), [0, 0, 0, 0, 0]);
    expect(sum).toEqual(c.city);
    expect(c.byDistrict.filter((r) => r.some((v) => v > 0))).toHaveLength(2);
  });
});

describe('heat-map pre-aggregation', () => {
  /** The grid over just these [lon, lat] pairs, every point counted (as MapIncidents does per record). */
  const binToGrid = (pos: ArrayLike<number>, n: number) => {
    const g = gridSpecFor(pos, n);
    const cells = Uint32Array.from({ length: n }, (_, i) => (g ? cellOf(g, pos[i * 2]!, pos[i * 2 + 1]!) : 0));
    return sumCells(cells, Uint32Array.from({ length: n }, (_, i) => i), g);
  };
  it('sums records into cells at the cell centre, keeping the total and the hot spot', () => {
    const pos: number[] = [];
    for (let i = 0; i < 1000; i++) pos.push(103.8, 25.5); // one hot spot
    for (let i = 0; i < 10; i++) pos.push(103.7 + i * 0.01, 25.4 + i * 0.01); // scattered
    const g = binToGrid(pos, pos.length / 2);
    expect([...g.weight].reduce((a, b) => a + b, 0)).toBe(1010);
    const hot = g.weight.indexOf(Math.max(...g.weight));
    expect(g.weight[hot]).toBe(1000);
    // The cell centre stays within half a cell of the records it holds.
    expect(Math.abs(g.pos[hot * 2]! - 103.8)).toBeLessThan(g.cellDeg);
    expect(Math.abs(g.pos[hot * 2 + 1]! - 25.5)).toBeLessThan(g.cellDeg);
    expect(g.cellDeg).toBe(HEAT_CELL_DEG);
    expect(g.n).toBe(11);
  });
  it('coarsens cells for a wide area so the grid stays bounded', () => {
    const g = binToGrid([0, 0, 10, 10], 2);
    expect(g.cellDeg).toBeGreaterThan(HEAT_CELL_DEG);
    expect(g.n).toBe(2);
    expect(binToGrid([], 0).n).toBe(0);
  });
});
