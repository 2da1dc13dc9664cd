/**
 * Entity positions arrive in WGS-84. A basemap drawn in GCJ-02 (AMap, Tencent and most
 * commercial tiles in mainland China) needs every position shifted before drawing, or the
 * markers sit 300–700 m off their streets. Pure.
 */
import { wgs84ToGcj02 } from '../../shared/geo';
import type { BasemapCrs } from '../config/settings';

export type Project = (lon: number, lat: number) => [number, number];

const identity: Project = (lon, lat) => [lon, lat];

export function projectFor(crs: BasemapCrs): Project {
  return crs === 'gcj02' ? wgs84ToGcj02 : identity;
}

/** Converts interleaved [lon, lat] pairs from `src` into `dst` (which may be `src`), for the first `n` pairs. */
export function convertPairs(crs: BasemapCrs, src: ArrayLike<number>, dst: Float32Array | Float64Array, n: number): void {
  if (crs === 'wgs84') {
    if ((src as unknown) !== dst) for (let i = 0; i < n * 2; i++) dst[i] = src[i]!;
    return;
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = wgs84ToGcj02(src[i * 2]!, src[i * 2 + 1]!);
    dst[i * 2] = x;
    dst[i * 2 + 1] = y;
  }
}

/** Great-circle distance in metres (haversine), for tests and tolerances. */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const R = 6_371_008.8;
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}
