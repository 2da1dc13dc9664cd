/**
 * Fast district lookup and point sampling. shared/geo's districtAt walks every boundary
 * vertex (~15k) per call, too slow for generating tens of thousands of points; this index
 * keeps, per latitude band, only the edges that can cross a horizontal ray at that latitude
 * and applies the very same ray-casting arithmetic, so it answers exactly like districtAt.
 */
import {
  DISTRICT_CODES,
  QUJING_BBOX,
  QUJING_DISTRICTS_GEOJSON,
  districtPolygons,
  type DistrictCode,
} from '../../shared/geo';
import type { Rng } from './random';

const BAND_DEG = 0.005;
const BAND_COUNT = Math.ceil((QUJING_BBOX.maxLat - QUJING_BBOX.minLat) / BAND_DEG) + 1;
const M_PER_DEG_LAT = 111_320;

interface IndexedPolygon {
  /** Per band: per ring (0 = outer), flat [xi, yi, xj, yj, ...] for the edges overlapping the band. */
  bands: (Float64Array[] | null)[];
}

interface IndexedDistrict {
  code: DistrictCode;
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
  polygons: IndexedPolygon[];
}

function bandOf(lat: number): number {
  return Math.floor((lat - QUJING_BBOX.minLat) / BAND_DEG);
}

function buildDistrict(code: DistrictCode): IndexedDistrict {
  const polys = districtPolygons(code);
  const d: IndexedDistrict = { code, minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity, polygons: [] };
  for (const poly of polys) {
    const perBandRings: number[][][] = Array.from({ length: BAND_COUNT }, () => poly.map(() => []));
    poly.forEach((ring, r) => {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (r === 0) {
          d.minLon = Math.min(d.minLon, xi);
          d.maxLon = Math.max(d.maxLon, xi);
          d.minLat = Math.min(d.minLat, yi);
          d.maxLat = Math.max(d.maxLat, yi);
        }
        const b0 = Math.max(0, bandOf(Math.min(yi, yj)));
        const b1 = Math.min(BAND_COUNT - 1, bandOf(Math.max(yi, yj)));
        for (let b = b0; b <= b1; b++) perBandRings[b]![r]!.push(xi, yi, xj, yj);
      }
    });
    d.polygons.push({
      bands: perBandRings.map((rings) => (rings[0]!.length === 0 ? null : rings.map((e) => Float64Array.from(e)))),
    });
  }
  return d;
}

/** Same comparison as shared/geo/geometry's inRing, restricted to the edges of one band. */
function inEdges(lon: number, lat: number, e: Float64Array): boolean {
  let inside = false;
  for (let k = 0; k < e.length; k += 4) {
    const xi = e[k]!;
    const yi = e[k + 1]!;
    const xj = e[k + 2]!;
    const yj = e[k + 3]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Feature order, as districtAt tests them, so a point on a shared border resolves identically.
const ORDER: DistrictCode[] = QUJING_DISTRICTS_GEOJSON.features.map((f) => f.properties.adcode as DistrictCode);
const INDEX: IndexedDistrict[] = ORDER.map(buildDistrict);
const BY_CODE = new Map<DistrictCode, IndexedDistrict>(INDEX.map((d) => [d.code, d]));

function inDistrict(d: IndexedDistrict, lon: number, lat: number, band: number): boolean {
  if (lon < d.minLon || lon > d.maxLon || lat < d.minLat || lat > d.maxLat) return false;
  for (const p of d.polygons) {
    const rings = p.bands[band];
    if (!rings || !inEdges(lon, lat, rings[0]!)) continue;
    let inHole = false;
    for (let r = 1; r < rings.length && !inHole; r++) inHole = inEdges(lon, lat, rings[r]!);
    if (!inHole) return true;
  }
  return false;
}

/** Equivalent to shared/geo districtAt, about a hundred times faster. */
export function fastDistrictAt(lon: number, lat: number): DistrictCode | null {
  if (lon < QUJING_BBOX.minLon || lon > QUJING_BBOX.maxLon || lat < QUJING_BBOX.minLat || lat > QUJING_BBOX.maxLat) {
    return null;
  }
  const band = bandOf(lat);
  if (band < 0 || band >= BAND_COUNT) return null;
  for (const d of INDEX) if (inDistrict(d, lon, lat, band)) return d.code;
  return null;
}

export interface Point {
  lon: number;
  lat: number;
  district: DistrictCode;
}

export function metresToDegrees(lat: number, dxM: number, dyM: number): { dLon: number; dLat: number } {
  return { dLon: dxM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)), dLat: dyM / M_PER_DEG_LAT };
}

/** Flat-earth distance, metres; accurate enough within a prefecture. */
export function approxDistanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dx = (bLon - aLon) * M_PER_DEG_LAT * Math.cos((aLat * Math.PI) / 180);
  const dy = (bLat - aLat) * M_PER_DEG_LAT;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * A point normally distributed around a centre (sigma in metres), inside `district` when
 * given, otherwise anywhere in Qujing. Null when rejection keeps failing.
 */
export function sampleNear(
  rng: Rng,
  lon: number,
  lat: number,
  sigmaM: number,
  district: DistrictCode | null = null,
  maxRadiusM = Infinity,
  tries = 30,
): Point | null {
  for (let t = 0; t < tries; t++) {
    const gx = rng.gauss() * sigmaM;
    const gy = rng.gauss() * sigmaM;
    if (gx * gx + gy * gy > maxRadiusM * maxRadiusM) continue;
    const { dLon, dLat } = metresToDegrees(lat, gx, gy);
    const p = { lon: lon + dLon, lat: lat + dLat };
    const d = fastDistrictAt(p.lon, p.lat);
    if (d !== null && (district === null || d === district)) return { ...p, district: d };
  }
  return null;
}

/** Uniform inside a district, by rejection from its bounding box. */
export function sampleInDistrict(rng: Rng, code: DistrictCode): Point {
  const d = BY_CODE.get(code)!;
  for (let t = 0; t < 500; t++) {
    const lon = rng.range(d.minLon, d.maxLon);
    const lat = rng.range(d.minLat, d.maxLat);
    if (fastDistrictAt(lon, lat) === code) return { lon, lat, district: code };
  }
  return { ...SEATS[code], district: code };
}

/** County seats (the district centres of the boundary data), each checked to lie inside its district. */
export const SEATS = Object.fromEntries(
  QUJING_DISTRICTS_GEOJSON.features.map((f) => {
    const [lon, lat] = f.properties.center;
    return [f.properties.adcode, { lon, lat }];
  }),
) as Record<DistrictCode, { lon: number; lat: number }>;

for (const code of DISTRICT_CODES) {
  const s = SEATS[code];
  if (fastDistrictAt(s.lon, s.lat) !== code) throw new Error(`seat of ${code} lies outside its district`);
}
