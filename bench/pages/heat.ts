/**
 * Item 2, in the page: the incident heat map over N incidents (30 days), three ways.
 *  ours     MapIncidents columns (renderer/map/incidents.ts) → MapLayerBuilder heat path
 *           (filter into a reused index buffer, packed attributes, grid pre-aggregation
 *           above 20k records, HeatmapLayer) → overlay
 *  objects  an object array filtered per change → new HeatmapLayer(data)
 *  maplibre a GeoJSON source with maplibre's own heatmap layer, changed with setFilter
 * The orchestrator calls `change(step)` and gets the time to the first frame drawn with it.
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type * as maplibregl from 'maplibre-gl';
import { COORD_SCALE, INCIDENT_CATEGORIES, type IncidentHistory } from '../../shared/protocol';
import { DISTRICT_CODES } from '../../shared/geo/districts';
import { World } from '../../renderer/data/world';
import { ALL_CATEGORIES, HOUR_MS, MapIncidents, WINDOWS, type HeatWindow } from '../../renderer/map/incidents';
import { MapLayerBuilder } from '../../renderer/map/layers';
import type { Playback } from '../../renderer/map/mapState';
import { HEAT_RAMP } from '../../renderer/theme/colors';
import { syntheticIncidents } from '../lib/fleet';
import { plainMap } from './basemap';
import { label, nextFrame, param } from './probe';

export interface HeatChange {
  kind: 'window' | 'playback';
  window: HeatWindow;
  categories: number;
  playbackAt?: number;
}

/** The sequence of changes a duty officer makes: windows, a category filter, then playback steps. */
export function changeAt(step: number, now: number): HeatChange {
  const windows: HeatWindow[] = ['24h', '7d', '30d', '1h'];
  const masks = [ALL_CATEGORIES, 0b101, ALL_CATEGORIES & ~1];
  if (step % 2 === 0) return { kind: 'window', window: windows[(step / 2) % windows.length]!, categories: masks[Math.floor(step / 8) % masks.length]! };
  return { kind: 'playback', window: '24h', categories: ALL_CATEGORIES, playbackAt: now - 7 * 24 * HOUR_MS + step * HOUR_MS };
}

/** The state before the first measured change (which is 24 h, all categories). */
// ?window=30d starts there (screenshots of a large filtered set); the measured sequence is the same.
const INITIAL: HeatChange = { kind: 'window', window: (new URLSearchParams(location.search).get('window') ?? '1h') as HeatWindow, categories: ALL_CATEGORIES };

export async function startHeat(): Promise<{ change(step: number): Promise<{ ms: number; syncMs: number; kind: string }>; loadMs: number }> {
  const impl = param('impl', 'ours');
  const n = Number(param('incidents', '60000'));
  label(`heat ${impl} ${n.toLocaleString()} incidents`);
  const now = Date.now();
  const t0 = performance.now();
  const recs = syntheticIncidents(n, now, INCIDENT_CATEGORIES.length, DISTRICT_CODES.length);
  const map = await plainMap(10.5);
  let drawnResolve: (() => void) | null = null;
  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    onAfterRender: () => {
      drawnResolve?.();
      drawnResolve = null;
    },
  } as never);
  const drawnAfter = (fn: () => void): Promise<number> => {
    const t = performance.now();
    const p = new Promise<void>((r) => (drawnResolve = r));
    fn();
    const sync = performance.now() - t;
    return Promise.race([p, new Promise<void>((r) => setTimeout(r, 30_000))]).then(() => sync);
  };

  // Ours and the objects baseline: draw the initial state, then time each change to its drawn frame.
  const timedChanges = async (apply: (c: HeatChange) => void) => {
    await drawnAfter(() => apply(INITIAL));
    const loadMs = performance.now() - t0;
    return {
      loadMs,
      change: async (step: number) => {
        const c = changeAt(step, now);
        const t = performance.now();
        const syncMs = await drawnAfter(() => apply(c));
        return { ms: performance.now() - t, syncMs, kind: c.kind };
      },
    };
  };

  if (impl === 'ours') {
    map.addControl(overlay);
    const baseTs = now - 31 * 24 * HOUR_MS;
    const h: IncidentHistory = {
      count: n,
      baseTs,
      offsetS: new Uint32Array(n),
      lon: new Int32Array(n),
      lat: new Int32Array(n),
      category: new Uint8Array(n),
      priority: new Uint8Array(n),
      district: new Uint8Array(n),
    };
    recs.forEach((r, i) => {
      h.offsetS[i] = Math.round((r.time - baseTs) / 1000);
      h.lon[i] = Math.round(r.lon * COORD_SCALE);
      h.lat[i] = Math.round(r.lat * COORD_SCALE);
      h.category[i] = r.category;
      h.priority[i] = r.priority;
      h.district[i] = r.district;
    });
    const incidents = new MapIncidents('wgs84');
    incidents.reset(h, []);
    const builder = new MapLayerBuilder(new World(), incidents, new Map());
    const visible = { heatmap: true, incidents: false, units: false, cameras: false, drainage: false };
    const apply = (c: HeatChange) => {
      const playback: Playback | null = c.kind === 'playback' ? { from: now - 7 * 24 * HOUR_MS, to: now, at: c.playbackAt! } : null;
      const { layers } = builder.build({ lang: 'zh', serverNow: now, now: performance.now(), zoom: map.getZoom(), crs: 'wgs84', staleMs: 60_000, visible, window: c.window, categories: c.categories, playback });
      overlay.setProps({ layers: layers.filter((l) => l.id === 'heatmap') });
    };
    return timedChanges(apply);
  }

  if (impl === 'objects') {
    map.addControl(overlay);
    const apply = (c: HeatChange) => {
      const from = c.kind === 'playback' ? c.playbackAt! : now - WINDOWS[c.window];
      const to = c.kind === 'playback' ? c.playbackAt! + HOUR_MS : now + 60_000;
      const data = recs.filter((d) => d.time >= from && d.time < to && ((c.categories >> d.category) & 1) === 1);
      overlay.setProps({
        layers: [
          new HeatmapLayer<(typeof recs)[number]>({
            id: 'heatmap',
            data,
            getPosition: (d) => [d.lon, d.lat],
            getWeight: 1,
            radiusPixels: 56,
            weightsTextureSize: 512,
            intensity: 3,
            threshold: 0.04,
            colorRange: HEAT_RAMP as never,
            opacity: 0.8,
          }),
        ],
      });
    };
    return timedChanges(apply);
  }

  // maplibre: every record a GeoJSON feature; a filter expression per change; done when idle.
  const features = recs.map((r) => ({ type: 'Feature' as const, properties: { t: r.time, c: r.category }, geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] } }));
  map.addSource('inc', { type: 'geojson', data: { type: 'FeatureCollection', features } });
  const filterFor = (c: HeatChange): maplibregl.FilterSpecification => {
    const from = c.kind === 'playback' ? c.playbackAt! : now - WINDOWS[c.window];
    const to = c.kind === 'playback' ? c.playbackAt! + HOUR_MS : now + 60_000;
    const cats = INCIDENT_CATEGORIES.map((_, i) => i).filter((i) => ((c.categories >> i) & 1) === 1);
    return ['all', ['>=', ['get', 't'], from], ['<', ['get', 't'], to], ['in', ['get', 'c'], ['literal', cats]]] as never;
  };
  const idle = () => Promise.race([new Promise<void>((r) => map.once('idle', () => r())), new Promise<void>((r) => setTimeout(r, 120_000))]);
  map.addLayer({ id: 'heat', type: 'heatmap', source: 'inc', filter: filterFor(INITIAL), paint: { 'heatmap-radius': 56, 'heatmap-intensity': 1 } });
  await idle();
  const loadMs = performance.now() - t0;
  return {
    loadMs,
    change: async (step) => {
      const c = changeAt(step, now);
      const t = performance.now();
      const done = idle();
      map.setFilter('heat', filterFor(c));
      const syncMs = performance.now() - t;
      await done;
      await nextFrame();
      return { ms: performance.now() - t, syncMs, kind: c.kind };
    },
  };
}
