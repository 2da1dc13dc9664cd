import districtsGeo from '../../assets/geo/qujing-districts.geo.json';
import { pointInPolygon, type PolygonCoords } from './geometry';
import { QUJING_BBOX, type DistrictCode } from './districts';

interface DistrictFeature {
  properties: { adcode: string; name: string; nameEn: string; center: [number, number] };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export const QUJING_DISTRICTS_GEOJSON = districtsGeo as unknown as {
  type: 'FeatureCollection';
  features: DistrictFeature[];
};

const polygonsByDistrict: { adcode: DistrictCode; polygons: PolygonCoords[] }[] =
  QUJING_DISTRICTS_GEOJSON.features.map((f) => ({
    adcode: f.properties.adcode as DistrictCode,
    polygons: (f.geometry.type === 'Polygon'
      ? [f.geometry.coordinates]
      : f.geometry.coordinates) as unknown as PolygonCoords[],
  }));

export function districtPolygons(adcode: DistrictCode): PolygonCoords[] {
  return polygonsByDistrict.find((d) => d.adcode === adcode)?.polygons ?? [];
}

/** Which district a WGS-84 point lies in, or null when outside Qujing. */
export function districtAt(lon: number, lat: number): DistrictCode | null {
  if (
    lon < QUJING_BBOX.minLon ||
    lon > QUJING_BBOX.maxLon ||
    lat < QUJING_BBOX.minLat ||
    lat > QUJING_BBOX.maxLat
  ) {
    return null;
  }
  for (const d of polygonsByDistrict) {
    if (d.polygons.some((p) => pointInPolygon(lon, lat, p))) return d.adcode;
  }
  return null;
}

export function isInQujing(lon: number, lat: number): boolean {
  return districtAt(lon, lat) !== null;
}
