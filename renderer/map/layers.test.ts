import { describe, expect, it } from 'vitest';
import { COORD_SCALE, type IncidentHistory, type Unit } from '../../shared/protocol';
import { World } from '../data/world';
import { ALL_CATEGORIES, HOUR_MS, MapIncidents } from './incidents';
import { MapLayerBuilder, type BuildInput } from './layers';
import { STALE_STEP_MS } from './unit-layers';
import { VersionedMap } from './versioned-map';

const STALE_MS = 10_000;

/** Units hidden: the colour and staleness pass runs, no layer needs a canvas (icon atlas). */
function input(now: number): BuildInput {
  return {
    lang: 'zh',
    serverNow: Date.UTC(2026, 10, 25),
    now,
    zoom: 11,
    crs: 'wgs84',
    staleMs: STALE_MS,
    visible: { heatmap: false, incidents: false, units: false, cameras: false, drainage: false },
    window: '24h',
    categories: 0xffff,
    playback: null,
  };
}

function setup() {
  const world = new World();
  const heard = new VersionedMap<string, number>();
  const unit = (id: string, slot: number) => ({ id, slot, lon: 103.79 + slot * 0.01, lat: 25.49, heading: 0, kind: 'car', status: 'patrol' }) as Unit;
  world.units.upsert(unit('U1', 1));
  world.units.upsert(unit('U2', 2));
  const builder = new MapLayerBuilder(world, new MapIncidents(), heard);
  const stale = (now: number) => builder.build(input(now)).info['units-stale']!.count;
  return { world, heard, builder, stale, unit };
}

describe('unit staleness on the clock', () => {
  it('turns each unit stale at its own deadline, and asks for no rebuild in between', () => {
    const { heard, builder, stale } = setup();
    heard.set('U1', 0);
    heard.set('U2', 0);
    // First build at t = 0: both heard now (a new row counts as a move).
    expect(stale(0)).toBe(0);
    const key = builder.clockKey(0);
    // Nothing the clock changes until the first deadline: an idle map is not rebuilt.
    for (const t of [1_000, 5_000, 9_999, STALE_MS]) expect(builder.clockKey(t)).toBe(key);
    const due = STALE_MS + STALE_STEP_MS;
    expect(builder.clockKey(due - 1)).toBe(key);
    expect(builder.clockKey(due)).not.toBe(key);
    expect(stale(due)).toBe(2);
    // Everything stale: no deadline left, the clock never asks again.
    const after = builder.clockKey(due);
    expect(builder.clockKey(STALE_MS * 1000)).toBe(after);
  });

  it('follows the unit heard last, and a unit heard again is fresh at once', () => {
    const { world, heard, builder, stale, unit } = setup();
    expect(stale(0)).toBe(0);
    // U2 reports again at t = 4 s: its deadline moves to 14 s, U1's stays at 10 s.
    world.units.upsert(unit('U2', 2));
    heard.set('U2', 4_000);
    expect(stale(4_000)).toBe(0);
    const key = builder.clockKey(4_000);
    expect(builder.clockKey(STALE_MS)).toBe(key);
    const due1 = builder.clockKey(STALE_MS + STALE_STEP_MS);
    expect(due1).not.toBe(key);
    expect(stale(STALE_MS + STALE_STEP_MS)).toBe(1);
    // The key the loop saw before this build is the one after it: no second build.
    expect(builder.clockKey(STALE_MS + STALE_STEP_MS + 1)).toBe(due1);
    expect(builder.clockKey(14_000)).toBe(due1);
    expect(builder.clockKey(14_000 + STALE_STEP_MS)).not.toBe(due1);
    expect(stale(14_000 + STALE_STEP_MS)).toBe(2);
    // U1 heard again: fresh in the very next build, without waiting for a clock tick.
    world.units.upsert(unit('U1', 1));
    heard.set('U1', 20_000);
    expect(stale(20_000)).toBe(1);
  });

  it('greys a whole fleet that fell silent in one pass, not one rebuild per frame', () => {
    const { world, heard, builder, stale, unit } = setup();
    for (let i = 0; i < 200; i++) world.units.upsert(unit(`F${i}`, 10 + i));
    stale(0);
    // The fleet reports over 200 ms, then falls silent: at 60 frames a second its deadlines
    // are crossed over a dozen frames.
    for (let i = 0; i < 200; i++) heard.set(`F${i}`, 1_000 + i);
    heard.set('U1', 1_000);
    heard.set('U2', 1_000);
    expect(stale(1_200)).toBe(0);
    let builds = 0;
    let last = builder.clockKey(1_200);
    for (let t = 1_000 + STALE_MS; t < 2_000 + STALE_MS; t += 1000 / 60) {
      const k = builder.clockKey(t);
      if (k === last) continue;
      last = k;
      builds++;
      stale(t);
    }
    expect(builds).toBeLessThanOrEqual(2);
    expect(stale(2_000 + STALE_MS)).toBe(202);
  });
});

describe('heat map over many incidents', () => {
  it('draws every filtered incident once, window after window, with the grid buffers reused', () => {
    const now = Date.UTC(2026, 10, 25);
    const n = 90_000;
    // One incident every 28.8 s over the 30 days, around the city centre.
    const h: IncidentHistory = { count: n, baseTs: now - 30 * 24 * HOUR_MS, offsetS: new Uint32Array(n), lon: new Int32Array(n), lat: new Int32Array(n), category: new Uint8Array(n), priority: new Uint8Array(n), district: new Uint8Array(n) };
    for (let i = 0; i < n; i++) {
      h.offsetS[i] = Math.floor((i * 30 * 24 * 3600) / n);
      h.lon[i] = Math.round((103.79 + ((i * 7919) % 1000) * 0.0001) * COORD_SCALE);
      h.lat[i] = Math.round((25.49 + ((i * 104729) % 1000) * 0.0001) * COORD_SCALE);
      h.priority[i] = 1 + (i % 3);
    }
    const incidents = new MapIncidents('wgs84');
    incidents.reset(h, []);
    const builder = new MapLayerBuilder(new World(), incidents, new VersionedMap<string, number>());
    const heat = (window: BuildInput['window']) => {
      const { layers, info } = builder.build({ ...input(0), serverNow: now, window, categories: ALL_CATEGORIES, visible: { ...input(0).visible, heatmap: true } });
      const layer = layers.find((l) => l.id === 'heatmap')!;
      const attrs = (layer.props.data as unknown as { attributes: { getWeight: { value: Float32Array } } }).attributes;
      return { weights: attrs.getWeight.value, total: attrs.getWeight.value.reduce((a, b) => a + b, 0), count: info.heatmap!.count };
    };
    // 30 days, then a smaller window (into the same buffer), then 30 days again: a reused buffer
    // must not leave the larger set's records in the smaller one, nor lose any.
    const month = heat('30d');
    expect(month.count).toBe(n);
    expect(month.total).toBe(n);
    const week = heat('7d');
    expect(week.count).toBeGreaterThan(20_000);
    expect(week.count).toBeLessThan(n / 3);
    expect(week.total).toBe(week.count);
    // The month's layer still holds its own cells after the week's grid was written.
    expect(week.weights).not.toBe(month.weights);
    expect(month.weights.reduce((a, b) => a + b, 0)).toBe(n);
    expect(heat('30d').total).toBe(n);
  });
});
