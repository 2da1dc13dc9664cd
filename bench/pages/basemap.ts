/// <reference types="vite/client" />
/** A MapLibre map with a plain dark background over Qujing: the same base for every implementation. */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// As the wall does (MapView.tsx): the worker is a file of its own, no blob: URL.
maplibregl.setWorkerUrl(new URL(workerUrl, document.baseURI).href);

export function plainMap(zoom = 11): Promise<maplibregl.Map> {
  const map = new maplibregl.Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0b1320' } }] },
    center: [103.7962, 25.4899],
    zoom,
    attributionControl: false,
    renderWorldCopies: false,
  });
  return new Promise((resolve) => map.once('load', () => resolve(map)));
}
