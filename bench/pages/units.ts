/**
 * Item 1 and 4, in the page: 1k–10k units moving at 1–4 Hz, drawn three ways.
 *  ours     binary frame → UnitTable.applyPositions → MapLayerBuilder.build on a new batch,
 *           the unit layer redrawn with a new clock uniform while units glide visibly (the
 *           wall's own loop, renderer/map/frameLoop.ts, as MapView.tsx runs it) → MapboxOverlay
 *  objects  binary frame → a new object array per batch → new ScatterplotLayer(data)
 *  geojson  binary frame → a GeoJSON FeatureCollection → maplibre source.setData
 *  idle     everything that is not an implementation's handling of updates, to subtract: the
 *           same basemap, probe, socket.io connection and binary frames at the same load, and
 *           an empty MapboxOverlay (deck.gl's canvas and loop, no layer); a frame is received
 *           and its record count read from the header (4 bytes), nothing decoded or drawn
 * Event-to-pixel samples: server timestamp of a frame → end of the first draw that shows it
 * (for ours: the first draw of the glide towards the new position, which already moves the
 * marker), and → end of the first draw where the marker has arrived (ours glides for one
 * report interval; the baselines jump, so for them both are the same draw).
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type * as maplibregl from 'maplibre-gl';
import { io } from 'socket.io-client';
import { COORD_SCALE, decodeUnitPositions, UNIT_KINDS, UNIT_STATUSES, type Unit } from '../../shared/protocol';
import { World } from '../../renderer/data/world';
import { MapIncidents } from '../../renderer/map/incidents';
import { CANVASES_BELOW } from '../../renderer/map/canvases';
import { DistrictLabels } from '../../renderer/map/district-labels';
// The wall's map styles, for the district names' look (and cost) as on the wall.
import '../../renderer/styles/map.css';
import { CLOCK_TICK_MS, createFrameLoop, runFrameLoop, sameLayers } from '../../renderer/map/frameLoop';
import { MapLayerBuilder, type BuildInput } from '../../renderer/map/layers';
import { drawNow, OVERLAY_DEVICE_PROPS, sleepWhenIdle } from '../../renderer/map/overlay';
import { VersionedMap } from '../../renderer/map/versioned-map';
import { UNIT_STATUS_RGBA } from '../../renderer/theme/colors';
import { unitStart } from '../lib/fleet';
import { plainMap } from './basemap';
import { epochNow, label, param, type Probe } from './probe';

interface Pending {
  version: number;
  /** epochNow() when the socket handler received the frame. */
  receivedAt: number;
  serverTs: number;
  /** performance.now() from which the marker is drawn at its target (ours: end of the glide). */
  arriveAt?: number;
}

export async function startUnits(probe: Probe): Promise<void> {
  const impl = param('impl', 'ours');
  const n = Number(param('units', '1000'));
  const hz = Number(param('hz', '1'));
  label(`units ${impl} ${n} @ ${hz} Hz`);
  const map = await plainMap(11);
  const pending: Pending[] = [];
  /** Drawn batches whose marker has not arrived yet (ours only). */
  const arriving: Pending[] = [];
  let version = 0;
  let handed = 0;
  let drawing = 0;
  let drawStart = 0;
  const drawn = () => {
    probe.draws++;
    const now = epochNow();
    while (pending.length > 0 && pending[0]!.version <= drawing) {
      const p = pending.shift()!;
      probe.latencies.push(now - p.serverTs);
      probe.wireMs.push(p.receivedAt - p.serverTs);
      if (p.arriveAt === undefined) probe.arrivals.push(now - p.serverTs);
      else arriving.push(p);
    }
    while (arriving.length > 0 && drawStart >= arriving[0]!.arriveAt!) probe.arrivals.push(now - arriving.shift()!.serverTs);
  };
  // Ours draws on the wall's own overlay canvas (renderer/map/overlay.ts); the baselines
  // and the idle page on deck.gl's defaults.
  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    // ?canvas=default gives ours deck.gl's default context too (to measure what the wall's saves).
    ...(impl === 'ours' && param('canvas', 'wall') === 'wall' ? { deviceProps: OVERLAY_DEVICE_PROPS } : {}),
    onBeforeRender: () => {
      drawing = handed;
      drawStart = performance.now();
    },
    onAfterRender: drawn,
  } as never);
  const socket = io(location.origin, { auth: { mode: 'binary', units: n, hz }, transports: ['websocket'] });

  if (impl === 'idle') {
    map.addControl(overlay);
    timeRenders(probe, map, [overlay]);
    socket.on(
      'positions',
      probe.timed('handler', (data: ArrayBuffer) => {
        // Header: serverTs f64 at byte 8, record count u32 at byte 16, little-endian (docs/protocol.md).
        // Server → handler here is the transport alone: nothing else runs on this main thread.
        const dv = new DataView(data);
        const count = data.byteLength >= 24 ? dv.getUint32(16, true) : 0;
        if (data.byteLength >= 24) probe.wireMs.push(epochNow() - dv.getFloat64(8, true));
        probe.updates += count;
        probe.batches++;
      }),
    );
  } else if (impl === 'ours') {
    // The wall's canvases below the main one (renderer/map/canvases.ts: the heat map, not drawn
    // here); ?below=a,b puts more layers on canvases of their own, to try which are worth it.
    const belowIds = [...CANVASES_BELOW, ...(new URLSearchParams(location.search).get('below')?.split(',').map((id) => [id]) ?? [])];
    const sides = belowIds.map((ids) => ({ ids: new Set(ids), overlay: new MapboxOverlay({ interleaved: false, layers: [], deviceProps: OVERLAY_DEVICE_PROPS }), layers: [] as Layer[] }));
    for (const b of sides) map.addControl(b.overlay);
    map.addControl(overlay);
    timeRenders(probe, map, [overlay, ...sides.map((b) => b.overlay)]);
    // As the wall: deck.gl's own loop sleeps unless woken (?sleep=0 lets it poll every frame, to see what that costs).
    // The district names, as the wall shows them (page text over the canvases).
    new DistrictLabels(map, 'wgs84').setLang('zh');
    const sleeps = param('sleep', '1') !== '0' ? [overlay, ...sides.map((b) => b.overlay)].map((o) => sleepWhenIdle(o, map)) : [];
    const world = new World();
    for (let i = 0; i < n; i++) {
      const s = unitStart(i);
      world.units.upsert({ id: `U${i}`, slot: i, lon: s.lon, lat: s.lat, heading: s.heading, kind: UNIT_KINDS[i % UNIT_KINDS.length], status: UNIT_STATUSES[i % UNIT_STATUSES.length] } as Unit);
    }
    const builder = new MapLayerBuilder(world, new MapIncidents(), new VersionedMap<string, number>());
    socket.on(
      'positions',
      probe.timed('handler', (data: ArrayBuffer) => {
        const r = decodeUnitPositions(data);
        if (!r.ok) return;
        const { applied } = world.units.applyPositions(r.value);
        world.markDirty();
        probe.updates += applied;
        probe.batches++;
        pending.push({ version: ++version, receivedAt: epochNow(), serverTs: r.value.serverTs });
      }),
    );
    // The wall's own loop (renderer/map/frameLoop.ts, as MapView.tsx runs it): rebuild on a new
    // batch, redraw while units glide visibly, snap when the renderer is too slow to animate.
    const onlyLayers = new URLSearchParams(location.search).get('layers')?.split(',');
    // ?drawnow=0 leaves the draw to deck.gl's own next frame, to see what drawing at once saves.
    const drawAtOnce = param('drawnow', '1') !== '0';
    // ?glide=0 snaps units to each report, to see what the glide costs.
    const glideAllowed = param('glide', '1') !== '0';
    const timedDraw = probe.timed('deck.gl update and draw (drawNow)', drawNow);
    const visible = { heatmap: false, incidents: false, units: true, cameras: false, drainage: false };
    let shownLayers: Layer[] = [];
    const loop = createFrameLoop({
      builder,
      key: () => `${world.units.version}|${builder.clockKey(performance.now())}`,
      zoom: () => map.getZoom(),
      input: (now, glide): BuildInput => ({
        lang: 'zh',
        serverNow: Date.now(),
        now,
        zoom: map.getZoom(),
        crs: 'wgs84',
        staleMs: 3_600_000,
        visible,
        window: '24h',
        categories: 0xffff,
        playback: null,
        glide: glide && glideAllowed,
      }),
      setLayers: ({ layers }) => {
        const now = performance.now();
        for (const p of pending) if (p.version <= version && p.arriveAt === undefined) p.arriveAt = builder.unitsGliding ? now + builder.motion.durationMs : now;
        // ?layers=a,b draws only those layers: used to find which one costs what.
        const shown = onlyLayers ? layers.filter((l) => onlyLayers.includes(l.id)) : layers;
        if (handed === version && sameLayers(shown, shownLayers)) return;
        handed = version;
        for (const b of sides) {
          const mine = shown.filter((l) => b.ids.has(l.id));
          if (sameLayers(mine, b.layers)) continue;
          b.layers = mine;
          b.overlay.setProps({ layers: mine });
          if (drawAtOnce) timedDraw(b.overlay);
        }
        shownLayers = shown;
        overlay.setProps({ layers: shown.filter((l) => !sides.some((b) => b.ids.has(l.id))) });
        if (drawAtOnce) timedDraw(overlay);
      },
      redraw: () => timedDraw(overlay),
    });
    // Woken as MapView.tsx wakes it: by the world, the map moving and the clock tick.
    const runner = runFrameLoop(loop, (cb) => requestAnimationFrame(probe.timed('frame loop', cb)));
    world.onDirty(runner.wake);
    map.on('move', runner.wake);
    setInterval(runner.wake, CLOCK_TICK_MS);
    (window as unknown as { benchLoop: unknown }).benchLoop = { loop, builder, sleeps, overlay };
  } else if (impl === 'objects') {
    map.addControl(overlay);
    timeRenders(probe, map, [overlay]);
    socket.on('positions', probe.timed('handler', (data: ArrayBuffer) => {
      const r = decodeUnitPositions(data);
      if (!r.ok) return;
      const b = r.value;
      // The usual approach: parse into plain objects, hand deck.gl a fresh array.
      const units = new Array(b.count);
      for (let i = 0; i < b.count; i++) {
        units[i] = { id: `U${b.slot[i]}`, position: [b.lon[i]! / COORD_SCALE, b.lat[i]! / COORD_SCALE], heading: b.heading[i]! / 100, status: b.slot[i]! % UNIT_STATUSES.length };
      }
      probe.updates += b.count;
      probe.batches++;
      pending.push({ version: ++version, receivedAt: epochNow(), serverTs: b.serverTs });
      handed = version;
      overlay.setProps({
        layers: [
          new ScatterplotLayer<{ position: [number, number]; status: number }>({
            id: 'units',
            data: units,
            getPosition: (d) => d.position,
            getFillColor: (d) => UNIT_STATUS_RGBA[d.status] as unknown as [number, number, number, number],
            getRadius: 6,
            radiusUnits: 'pixels',
          }),
        ],
      });
    }));
  } else {
    map.addSource('units', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'units', type: 'circle', source: 'units', paint: { 'circle-radius': 6, 'circle-color': ['match', ['get', 'status'], 0, '#2f8cff', 1, '#27c46b', 2, '#f5c542', 3, '#a070ff', '#ff5a4f'] } });
    const src = map.getSource('units') as maplibregl.GeoJSONSource;
    timeRenders(probe, map, []);
    socket.on('positions', probe.timed('handler', (data: ArrayBuffer) => {
      const r = decodeUnitPositions(data);
      if (!r.ok) return;
      const b = r.value;
      const features = new Array(b.count);
      for (let i = 0; i < b.count; i++) {
        features[i] = {
          type: 'Feature',
          id: b.slot[i],
          properties: { id: `U${b.slot[i]}`, status: b.slot[i]! % UNIT_STATUSES.length, heading: b.heading[i]! / 100 },
          geometry: { type: 'Point', coordinates: [b.lon[i]! / COORD_SCALE, b.lat[i]! / COORD_SCALE] },
        };
      }
      probe.updates += b.count;
      probe.batches++;
      pending.push({ version: ++version, receivedAt: epochNow(), serverTs: b.serverTs });
      src.setData({ type: 'FeatureCollection', features });
    }));
    // setData is processed in a worker; the change is on screen at the first render after
    // the source reports loaded again.
    map.on('render', () => {
      if (pending.length === 0 || !map.isSourceLoaded('units')) return;
      drawing = version;
      drawn();
    });
  }
  await new Promise<void>((r) => socket.once('positions', () => r()));
  // Ready once a batch is on screen (shaders compiled, atlases built), so a short warm-up does
  // not measure start-up; the idle page draws nothing and is ready at its first frame.
  if (impl !== 'idle') {
    const until = performance.now() + 30_000;
    while (probe.latencies.length === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Times the page's drawing into probe.workMs: MapLibre's render (the baseline B's circles, and the
 * basemap whenever it repaints) and each deck.gl overlay's render callback (layer updates and the
 * draw). The hooks are private fields of the pinned versions; a missing one stops the page rather
 * than measure less than it claims.
 */
function timeRenders(probe: Probe, map: maplibregl.Map, overlays: MapboxOverlay[]): void {
  const m = map as unknown as { _render?: (t: number) => unknown };
  if (typeof m._render !== 'function') throw new Error('bench: MapLibre has no _render to time');
  m._render = probe.timed('MapLibre render', m._render.bind(map));
  for (const o of overlays) {
    const loop = (o as unknown as { _deck?: { animationLoop?: { props: { onRender: (p: unknown) => unknown } } } })._deck?.animationLoop;
    if (!loop || typeof loop.props.onRender !== 'function') throw new Error('bench: deck.gl overlay has no animation loop to time');
    loop.props.onRender = probe.timed('deck.gl render', loop.props.onRender);
  }
}
