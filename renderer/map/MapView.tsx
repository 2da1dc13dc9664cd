/**
 * The situation map: MapLibre draws the basemap, deck.gl (MapboxOverlay) draws the data on
 * top. Both are created once. A requestAnimationFrame loop outside React (frameLoop.ts)
 * watches the data versions and the map's controls and hands deck.gl new layer descriptors
 * only when something changed or a pulse animates; gliding units only ask their layer to
 * redraw (the glide runs in its vertex shader, see glide-layer.ts), and only while the glide
 * shows on screen and the renderer can afford it. That loop and deck.gl's own sleep while the
 * picture is still: the stream, the controls, the map and a one-second clock tick wake them.
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer, PickingInfo } from '@deck.gl/core';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import { DISTRICTS, districtName } from '../../shared/geo/districts';
import { CAMERA_KINDS, type Camera, type DrainageSensor, type Incident } from '../../shared/protocol';
import type { Settings } from '../config/settings';
import { world } from '../data/world';
import { drawNow, OVERLAY_DEVICE_PROPS, sleepWhenIdle } from './overlay';
import { mapDiagnostics } from '../diagnostics/report';
import { translate, type StringKey } from '../i18n';
import { useWall } from '../state/store';
import { serverNow } from '../stream/metrics';
import { basemapStyle, districtBounds, districtsBounds, pmtilesStyle } from './basemap';
import { CANVASES_BELOW } from './canvases';
import { DistrictLabels } from './district-labels';
import { CLOCK_TICK_MS, createFrameLoop, runFrameLoop, sameLayers } from './frameLoop';
import type { ClusterItem } from './cluster-layers';
import { MapLayerBuilder } from './layers';
import { useMapUi } from './mapState';
import { openLocalPmtiles } from './pmtiles';
import { mapIncidents, unitHeard } from './tap';

/** Layers on canvases of their own below the main one (canvases.ts). */
const BELOW = CANVASES_BELOW.map((ids) => new Set(ids));
const ON_BELOW = new Set(CANVASES_BELOW.flat());

// Bundled worker, loaded from our own origin (CSP worker-src 'self' blob:), never a CDN.
maplibregl.setWorkerUrl(new URL(workerUrl, document.baseURI).href);

/** `rightInsetVw`: width of the panel covering the map's right side, in vw; the city is fitted into the rest. */
export function MapView({ rightInsetVw, settings }: { rightInsetVw: number; settings: Settings }) {
  const container = useRef<HTMLDivElement>(null);
  const { basemap, basemapCrs, district, tour, staleS } = settings;
  // A wall profile's or a pushed viewport (wall.push) holds the map there instead of fitting the city.
  const [centerLon, centerLat] = settings.center ?? [null, null];
  const zoom = settings.zoom;
  // A tile of a map spanning several monitors: the shared centre sits at the canvas centre, which is off this window's centre.
  const spanKey = settings.span?.join(',') ?? '';

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    mapDiagnostics.current = { ready: false, layers: {} };
    const builder = new MapLayerBuilder(world, mapIncidents, unitHeard);
    const padding = () => {
      const p = Math.round(Math.min(el.clientWidth, el.clientHeight) * 0.03);
      return { top: p, bottom: p, left: p, right: Math.round((window.innerWidth * rightInsetVw) / 100) + p };
    };
    // The view to hold: one district, the tour's current district, or the whole city.
    const tourCodes = DISTRICTS.map((d) => d.adcode);
    let tourIndex = Math.max(0, district ? tourCodes.indexOf(district as never) : 0);
    const target = () => (tour > 0 ? districtBounds(tourCodes[tourIndex]!, basemapCrs) : district ? districtBounds(district, basemapCrs) : null) ?? districtsBounds(basemapCrs);

    const map = new maplibregl.Map({
      container: el,
      // A local PMTiles archive is opened asynchronously: the offline style shows until then, and stays if it cannot be read.
      style: basemap === 'offline' || basemap === 'pmtiles' ? basemapStyle() : basemap,
      ...(centerLon !== null && centerLat !== null
        ? { center: [centerLon, centerLat] as [number, number], zoom: zoom ?? 13 }
        : { bounds: target(), fitBoundsOptions: { padding: padding() } }),
      attributionControl: basemap === 'offline' ? false : { compact: true },
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 17,
      minZoom: 5,
      pixelRatio: window.devicePixelRatio || 1,
    });
    map.touchZoomRotate.disableRotation();
    const onError = (e: { error?: { message?: string } }) => {
      if (basemap === 'offline') return;
      const msg = e.error?.message ?? 'basemap failed to load';
      console.error(`[basemap] ${msg}`);
      useMapUi.setState({ basemapError: `${basemap}: ${msg}` });
    };
    map.on('error', onError);
    let disposed = false;
    if (basemap === 'pmtiles') {
      openLocalPmtiles(window.location.href)
        .then(({ info, tileUrl }) => {
          if (!disposed) map.setStyle(pmtilesStyle(info, tileUrl, basemapCrs));
        })
        .catch((e: unknown) => {
          if (!disposed) onError({ error: { message: `basemap.pmtiles: ${e instanceof Error ? e.message : String(e)}` } });
        });
    }

    const lang = () => useWall.getState().lang;
    // Rarely changing layers on canvases of their own below (canvases.ts).
    const below = BELOW.map(() => new MapboxOverlay({ interleaved: false, layers: [], useDevicePixels: true, deviceProps: OVERLAY_DEVICE_PROPS }));
    for (const o of below) map.addControl(o);
    const belowLayers: Layer[][] = below.map(() => []);
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      useDevicePixels: true,
      deviceProps: OVERLAY_DEVICE_PROPS,
      getTooltip: (info: PickingInfo) => tooltip(info, lang()),
      onClick: (info: PickingInfo) => {
        if (!info.layer) {
          useMapUi.getState().select(null);
          return;
        }
        const id = info.layer.id;
        const cam = id === 'camera-points' ? cameraAt(info.index) : undefined;
        if (cam) useMapUi.getState().select({ kind: 'camera', item: cam });
        else if (id === 'drainage' && info.object) useMapUi.getState().select({ kind: 'drainage', item: info.object as DrainageSensor });
        else if ((id === 'cameras' || id === 'incident-clusters') && info.coordinate) map.easeTo({ center: info.coordinate as [number, number], zoom: Math.max(map.getZoom() + 2, 13.2) });
      },
    });
    map.addControl(overlay);
    const sleeps = [...below, overlay].map((o) => sleepWhenIdle(o, map));
    const labels = new DistrictLabels(map, basemapCrs);
    labels.setLang(lang());

    const setViewport = () => {
      const c = map.getCenter();
      if (mapDiagnostics.current)
        mapDiagnostics.current.viewport = { longitude: c.lng, latitude: c.lat, zoom: map.getZoom(), width: el.clientWidth, height: el.clientHeight };
    };
    const onLoad = () => {
      const span = spanKey ? spanKey.split(',').map(Number) : null;
      if (span && centerLon !== null && centerLat !== null) {
        const [x, y, w, h, cw, ch] = span as [number, number, number, number, number, number];
        map.easeTo({ center: [centerLon, centerLat], zoom: zoom ?? 13, offset: [cw / 2 - x - w / 2, ch / 2 - y - h / 2], duration: 0 });
      }
      if (mapDiagnostics.current) mapDiagnostics.current.ready = true;
      setViewport();
    };
    map.on('load', onLoad);
    map.on('move', setViewport);

    // Redraw when anything drawn changed, or every frame while something animates (frameLoop.ts).
    const setLayers = ({ layers, info }: ReturnType<MapLayerBuilder['build']>) => {
      BELOW.forEach((ids, k) => {
        const mine = layers.filter((l) => ids.has(l.id));
        if (sameLayers(mine, belowLayers[k]!)) return;
        belowLayers[k] = mine;
        below[k]!.setProps({ layers: mine });
        drawNow(below[k]!);
      });
      // Handing deck.gl the same instances again would still cost a redraw of the whole canvas.
      const main = layers.filter((l) => !ON_BELOW.has(l.id));
      if (!sameLayers(main, mainLayers)) {
        mainLayers = main;
        overlay.setProps({ layers: main });
        drawNow(overlay);
      }
      if (mapDiagnostics.current) {
        mapDiagnostics.current.layers = { ...info, 'district-labels': { visible: true, count: labels.count } };
        mapDiagnostics.current.glide = { ...builder.glide, drawCostMs: Math.round(loop.drawCostMs) };
      }
    };
    let mainLayers: Layer[] = [];
    const loop = createFrameLoop({
      builder,
      key: () => {
        const ui = useMapUi.getState();
        const v = world.versions;
        return `${v.incidents}|${v.cameras}|${v.drainage}|${world.units.version}|${mapIncidents.version}|${lang()}|${JSON.stringify(ui.visible)}|${ui.window}|${ui.categories}|${ui.playback?.at ?? ''}|${Math.floor(serverNow() / 10_000)}|${builder.clockKey(performance.now())}`;
      },
      zoom: () => map.getZoom(),
      input: (now, glide) => {
        const ui = useMapUi.getState();
        return {
          lang: lang(),
          serverNow: serverNow(),
          now,
          zoom: map.getZoom(),
          crs: basemapCrs,
          staleMs: staleS * 1000,
          visible: ui.visible,
          window: ui.window,
          categories: ui.categories,
          playback: ui.playback,
          glide,
        };
      },
      setLayers,
      redraw: () => drawNow(overlay),
    });
    const runner = runFrameLoop(loop);
    const wake = runner.wake;
    const unwatch = [
      world.onDirty(wake),
      useMapUi.subscribe(wake),
      useWall.subscribe(() => {
        labels.setLang(lang());
        wake();
      }),
    ];
    map.on('move', wake);
    const clockTick = setInterval(wake, CLOCK_TICK_MS);

    // Tour: the next district every `tour` seconds.
    const tourTimer =
      tour > 0
        ? setInterval(() => {
            tourIndex = (tourIndex + 1) % tourCodes.length;
            map.fitBounds(target(), { padding: padding(), duration: 2000 });
          }, tour * 1000)
        : null;

    // Refit when the window changes size (walls are resized by the host on display changes).
    const ro = new ResizeObserver(() => {
      map.resize();
      if (centerLon === null) map.fitBounds(target(), { padding: padding(), animate: false });
    });
    ro.observe(el);
    return () => {
      disposed = true;
      runner.stop();
      clearInterval(clockTick);
      for (const u of unwatch) u();
      map.off('move', wake);
      for (const s of sleeps) s.stop();
      labels.destroy();
      if (tourTimer) clearInterval(tourTimer);
      ro.disconnect();
      map.off('load', onLoad);
      map.off('move', setViewport);
      map.off('error', onError);
      map.removeControl(overlay);
      overlay.finalize();
      for (const o of below) {
        map.removeControl(o);
        o.finalize();
      }
      map.remove();
      mapDiagnostics.current = null;
    };
  }, [rightInsetVw, basemap, basemapCrs, district, tour, staleS, centerLon, centerLat, zoom, spanKey]);

  return <div className="map" ref={container} />;
}

function tooltip(info: PickingInfo, lang: 'zh' | 'en'): { html: string; className: string } | null {
  const t = (k: string, vars?: Record<string, string | number>) => translate(lang, k as StringKey, vars);
  const layer = info.layer?.id;
  if (!layer) return null;
  let lines: string[];
  if ((layer === 'units' || layer === 'unit-dots') && info.index >= 0) {
    const id = world.units.ids[info.index];
    const u = id ? world.table('units').get(id) : undefined;
    if (!u) return null;
    lines = [`<b>${esc(u.callsign)}</b>`, `${t(`status.${u.status}`)} · ${t(`map.unitKind.${u.kind}`)}`, districtName(u.district, lang)];
  } else if (layer === 'cameras' && info.object) {
    const c = info.object as ClusterItem;
    lines = [`<b>${t(`cam.kind.${CAMERA_KINDS[c.key]}`)} × ${c.count}</b>`, t('map.tip.offline', { n: c.flagged })];
  } else if (layer === 'camera-points') {
    const c = cameraAt(info.index);
    if (!c) return null;
    lines = [`<b>${esc(c.name)}</b>`, `${t(`cam.kind.${c.kind}`)} · ${t(c.online ? 'cam.online' : 'cam.offline')}`, districtName(c.district, lang)];
  } else if (layer === 'drainage' && info.object) {
    const d = info.object as DrainageSensor;
    lines = [`<b>${esc(d.name)}</b>`, `${d.level.toFixed(2)} m / ${d.alarmLevel.toFixed(2)} m`, districtName(d.district, lang)];
  } else if (layer === 'incidents' && info.object) {
    const i = info.object as Incident;
    lines = [`<b>${esc(i.summary || i.address)}</b>`, `${t(`legend.priority${i.priority}`)} · ${esc(i.address)}`];
  } else if (layer === 'incident-clusters' && info.object) {
    const c = info.object as ClusterItem;
    lines = [t('map.tip.incidents', { n: c.count }), t(`legend.priority${c.rank || 3}`)];
  } else return null;
  return { html: lines.join('<br/>'), className: 'map-tooltip' };
}

/** The camera drawn at `index` of the street-zoom layer (the same order as the camera table). */
function cameraAt(index: number): Camera | undefined {
  if (index < 0) return undefined;
  let i = 0;
  for (const c of world.table('cameras').values()) if (i++ === index) return c;
  return undefined;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
