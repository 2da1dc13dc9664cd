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
