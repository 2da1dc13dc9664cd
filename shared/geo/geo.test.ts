import { describe, expect, it } from 'vitest';
import { DISTRICTS, QILIN_CENTRE, districtAt, gcj02ToWgs84, haversineM, isInQujing, wgs84ToGcj02 } from './index';

describe('Qujing geography', () => {
  it('has the nine county-level districts with boundaries', () => {
    expect(DISTRICTS).toHaveLength(9);
    for (const d of DISTRICTS) expect(d.adcode).toMatch(/^5303\d\d$/);
  });

  it('places known towns in their districts', () => {
    expect(districtAt(QILIN_CENTRE.lon, QILIN_CENTRE.lat)).toBe('530302'); // 麒麟区
    expect(districtAt(104.105, 26.22)).toBe('530381'); // 宣威市 town
    expect(districtAt(103.27, 26.42)).toBe('530326'); // 会泽县 town
    expect(districtAt(104.31, 24.88)).toBe('530324'); // 罗平县 town
  });

  it('rejects points outside Qujing', () => {
    expect(isInQujing(102.71, 25.04)).toBe(false); // Kunming
    expect(isInQujing(0, 0)).toBe(false);
  });

  it('measures distances on the sphere', () => {
    // One degree of latitude is about 111.2 km.
    expect(haversineM(103.8, 25, 103.8, 26)).toBeGreaterThan(111_000);
    expect(haversineM(103.8, 25, 103.8, 26)).toBeLessThan(111_400);
  });
});

describe('WGS-84 ↔ GCJ-02', () => {
  it('shifts points in Qujing by a few hundred metres and back to within a centimetre', () => {
    const [gLon, gLat] = wgs84ToGcj02(QILIN_CENTRE.lon, QILIN_CENTRE.lat);
    const shift = haversineM(QILIN_CENTRE.lon, QILIN_CENTRE.lat, gLon, gLat);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(800);
    const [wLon, wLat] = gcj02ToWgs84(gLon, gLat);
    expect(haversineM(wLon, wLat, QILIN_CENTRE.lon, QILIN_CENTRE.lat)).toBeLessThan(0.01);
  });

  // Reference pairs published with widely used converters (Beijing, Beijing outskirts, Jiaxing).
  it.each([
    [116.404, 39.915, 116.41024449916938, 39.91640428150164],
    [116.0, 40.0, 116.006141221789, 40.001213650174],
    [121.0917077, 30.6107779, 121.09626935575027, 30.608604331756705],
  ])('converts the known point %f, %f to its published GCJ-02 value', (lon, lat, gLon, gLat) => {
    const [x, y] = wgs84ToGcj02(lon, lat);
    // 1e-7° is about a centimetre.
    expect(Math.abs(x - gLon)).toBeLessThan(1e-7);
    expect(Math.abs(y - gLat)).toBeLessThan(1e-7);
    const [wLon, wLat] = gcj02ToWgs84(gLon, gLat);
    expect(haversineM(wLon, wLat, lon, lat)).toBeLessThan(0.01);
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
