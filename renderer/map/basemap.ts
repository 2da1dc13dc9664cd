/**
 * Offline basemap: an inline MapLibre style built from the bundled district boundaries.
 * No tiles, no glyphs, no sprite: nothing is fetched from anywhere. Labels are drawn by
 * deck.gl's TextLayer from local fonts instead of MapLibre symbol layers (which need glyph PBFs).
 */
import type { StyleSpecification, LngLatBoundsLike } from 'maplibre-gl';
import districts from '../../assets/geo/qujing-districts.geo.json';
import { MAP } from '../theme/colors';
import type { BasemapCrs } from '../config/settings';
import { projectFor } from './crs';

interface DistrictProps {
  adcode: string;
  name: string;
  nameEn: string;
  center: [number, number];
}
interface DistrictFeature {
  type: 'Feature';
  properties: DistrictProps;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export const DISTRICTS_GEOJSON = districts as unknown as { type: 'FeatureCollection'; features: DistrictFeature[] };

/** Area centroid of the largest outer ring: the county seat (`center`) of a small district sits too close to its neighbours' labels. */
function labelPoint(f: DistrictFeature): [number, number] {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let best: [number, number] = f.properties.center;
  let bestArea = 0;
  for (const poly of polys) {
    const ring = poly[0] ?? [];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      const cross = xj * yi - xi * yj;
      a += cross;
      cx += (xj + xi) * cross;
      cy += (yj + yi) * cross;
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}

export const DISTRICT_LABELS: { adcode: string; name: string; nameEn: string; position: [number, number] }[] =
  DISTRICTS_GEOJSON.features.map((f) => ({
    adcode: f.properties.adcode,
    name: f.properties.name,
    nameEn: f.properties.nameEn,
    position: labelPoint(f),
  }));

function boundsOf(features: readonly DistrictFeature[], crs: BasemapCrs): LngLatBoundsLike {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  const project = projectFor(crs);
  for (const f of features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys)
      for (const [lon0, lat0] of poly[0] ?? []) {
        const [lon, lat] = project(lon0!, lat0!);
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  }
  return [
    [minLon, minLat],
    [maxLon, maxLat],
  ];
}

/** The whole city, in the basemap's coordinate system. */
export function districtsBounds(crs: BasemapCrs = 'wgs84'): LngLatBoundsLike {
  return boundsOf(DISTRICTS_GEOJSON.features, crs);
}

/** One district by adcode, or null when the code is not one of Qujing's. */
export function districtBounds(adcode: string, crs: BasemapCrs = 'wgs84'): LngLatBoundsLike | null {
  const f = DISTRICTS_GEOJSON.features.filter((x) => x.properties.adcode === adcode);
  return f.length ? boundsOf(f, crs) : null;
}

export function basemapStyle(): StyleSpecification {
  // A distinct dark tone per district so neighbours read apart without colour meaning anything.
  const fillMatch: unknown[] = ['match', ['get', 'adcode']];
  DISTRICTS_GEOJSON.features.forEach((f, i) => fillMatch.push(f.properties.adcode, MAP.districtFill[i % MAP.districtFill.length]));
  fillMatch.push(MAP.districtFill[0]);
  return {
    version: 8,
    sources: {
      districts: { type: 'geojson', data: DISTRICTS_GEOJSON as never },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': MAP.background } },
      { id: 'district-fill', type: 'fill', source: 'districts', paint: { 'fill-color': fillMatch as never, 'fill-opacity': 1 } },
      {
        id: 'district-glow',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': MAP.districtEdge, 'line-width': 7, 'line-opacity': 0.16, 'line-blur': 4 },
      },
      {
        id: 'district-edge',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': MAP.districtEdge, 'line-width': 1.6, 'line-opacity': 0.9 },
      },
    ],
  };
}

/** What the wall needs to know of a local PMTiles archive to draw it (read from its header and metadata). */
export interface PmtilesArchiveInfo {
  /** 'raster' for png/jpeg/webp/avif tiles, 'vector' for Mapbox Vector Tiles. */
  kind: 'raster' | 'vector';
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] */
  bounds: [number, number, number, number];
  /** Layer ids of a vector archive (metadata.vector_layers), empty for raster. */
  vectorLayers: string[];
  /** Plain text, shown in the attribution control (escaped: MapLibre renders attribution as HTML). */
  attribution?: string;
}

const VECTOR_WATER = /water|ocean|sea|lake|river|waterway/i;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** District polygons in the basemap's coordinate system (the tiles of a GCJ-02 archive are shifted). */
function districtsIn(crs: BasemapCrs): typeof DISTRICTS_GEOJSON {
  if (crs === 'wgs84') return DISTRICTS_GEOJSON;
  const project = projectFor(crs);
  const ring = (r: number[][]) => r.map(([lon, lat]) => project(lon!, lat!) as number[]);
  return {
    type: 'FeatureCollection',
    features: DISTRICTS_GEOJSON.features.map((f) => ({
      ...f,
      geometry:
        f.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(ring) }
          : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((p) => p.map(ring)) },
    })),
  };
}

/**
 * Style for a local PMTiles archive: its tiles under the wall's district overlay. `tileUrl`
 * is the pmtiles:// template the registered protocol answers. Raster tiles are darkened
 * for the wall; vector layers get a dark fill for polygons and thin lines for lines, and
 * no symbols (there are no glyphs offline; district labels are drawn by deck.gl).
 */
export function pmtilesStyle(info: PmtilesArchiveInfo, tileUrl: string, crs: BasemapCrs): StyleSpecification {
  const base = basemapStyle();
  const source = {
    tiles: [tileUrl],
    minzoom: info.minZoom,
    maxzoom: info.maxZoom,
    bounds: info.bounds,
    ...(info.attribution ? { attribution: escapeHtml(info.attribution) } : {}),
  };
  const layers: StyleSpecification['layers'] = [{ id: 'background', type: 'background', paint: { 'background-color': MAP.background } }];
  if (info.kind === 'raster') {
    layers.push({
      id: 'pmtiles-raster',
      type: 'raster',
      source: 'pmtiles',
      paint: { 'raster-brightness-max': 0.6, 'raster-fade-duration': 0 },
    });
  } else {
    const isPolygon = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
    const isLine = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
    info.vectorLayers.forEach((id, i) =>
      layers.push({
        id: `pmtiles-fill-${i}`,
        type: 'fill',
        source: 'pmtiles',
        'source-layer': id,
        filter: isPolygon as never,
        paint: { 'fill-color': VECTOR_WATER.test(id) ? '#0a1a33' : '#0f1a2c', 'fill-opacity': 0.9 },
      }),
    );
    info.vectorLayers.forEach((id, i) =>
      layers.push({
        id: `pmtiles-line-${i}`,
        type: 'line',
        source: 'pmtiles',
        'source-layer': id,
        filter: isLine as never,
        paint: { 'line-color': VECTOR_WATER.test(id) ? '#15345c' : '#2a3b55', 'line-width': 0.8, 'line-opacity': 0.7 },
      }),
    );
  }
  // The districts over the tiles: a faint tint, the glow and the edges.
  for (const l of base.layers) {
    if (l.id === 'background') continue;
    if (l.id === 'district-fill') layers.push({ ...l, paint: { ...l.paint, 'fill-opacity': 0.25 } } as typeof l);
    else layers.push(l);
  }
  return {
    version: 8,
    sources: {
      pmtiles: info.kind === 'raster' ? { type: 'raster', tileSize: 256, ...source } : { type: 'vector', ...source },
      districts: { type: 'geojson', data: districtsIn(crs) as never },
    },
    layers,
  };
}
