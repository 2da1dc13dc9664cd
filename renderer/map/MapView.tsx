/**
 * The situation map: MapLibre draws the offline basemap, deck.gl (MapboxOverlay) draws the
 * data on top. Both are created once; data versions from the store only swap deck.gl layers.
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import { world } from '../data/world';
import { mapDiagnostics } from '../diagnostics/report';
import { useWall } from '../state/store';
import { serverNow } from '../stream/metrics';
import { basemapStyle, districtsBounds } from './basemap';
import { MapLayerBuilder } from './layers';

// Bundled worker, loaded from our own origin (CSP worker-src 'self' blob:), never a CDN.
maplibregl.setWorkerUrl(new URL(workerUrl, document.baseURI).href);

/** `rightInsetVw`: width of the panel covering the map's right side, in vw; the city is fitted into the rest. */
export function MapView({ rightInsetVw }: { rightInsetVw: number }) {
  const container = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const builder = useRef(new MapLayerBuilder());
  const versions = useWall((s) => s.versions);
  const unitsVersion = useWall((s) => s.unitsVersion);
  const historyVersion = useWall((s) => s.historyVersion);
  const lang = useWall((s) => s.lang);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    mapDiagnostics.current = { ready: false, layers: {} };
    const padding = () => {
      const p = Math.round(Math.min(el.clientWidth, el.clientHeight) * 0.03);
      return { top: p, bottom: p, left: p, right: Math.round((window.innerWidth * rightInsetVw) / 100) + p };
    };
    const map = new maplibregl.Map({
      container: el,
      style: basemapStyle(),
      bounds: districtsBounds(),
      fitBoundsOptions: { padding: padding() },
      attributionControl: false,
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 16,
      minZoom: 5,
    });
    const overlay = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(overlay);
    overlayRef.current = overlay;
    const onLoad = () => {
      if (mapDiagnostics.current) mapDiagnostics.current.ready = true;
    };
    map.on('load', onLoad);
    // Refit when the window changes size (walls are resized by the host on display changes).
    const ro = new ResizeObserver(() => {
      map.resize();
      map.fitBounds(districtsBounds(), { padding: padding(), animate: false });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      map.off('load', onLoad);
      map.removeControl(overlay);
      overlay.finalize();
      map.remove();
      overlayRef.current = null;
      mapDiagnostics.current = null;
    };
  }, [rightInsetVw]);

  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay) return;
    const { layers, info } = builder.current.build(world, lang, serverNow());
    overlay.setProps({ layers });
    if (mapDiagnostics.current) mapDiagnostics.current.layers = info;
  }, [versions, unitsVersion, historyVersion, lang]);

  return <div className="map" ref={container} />;
}
