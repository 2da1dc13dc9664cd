import { describe, expect, it } from 'vitest';
import { pmtilesStyle, type PmtilesArchiveInfo } from './basemap';

const URL_TEMPLATE = 'pmtiles://http://127.0.0.1:5173/basemap.pmtiles/{z}/{x}/{y}';
const raster: PmtilesArchiveInfo = { kind: 'raster', minZoom: 0, maxZoom: 14, bounds: [102.7, 24.3, 104.6, 27.1], vectorLayers: [] };

describe('style for a local PMTiles archive', () => {
  it('draws raster tiles darkened, under the district tint and edges', () => {
    const s = pmtilesStyle({ ...raster, attribution: '© <b>Qujing</b> survey' }, URL_TEMPLATE, 'wgs84');
    expect(s.sources.pmtiles).toMatchObject({ type: 'raster', tiles: [URL_TEMPLATE], minzoom: 0, maxzoom: 14, bounds: raster.bounds });
    expect((s.sources.pmtiles as { attribution?: string }).attribution).toBe('© &#60;b&#62;Qujing&#60;/b&#62; survey');
    expect(s.layers.map((l) => l.id)).toEqual(['background', 'pmtiles-raster', 'district-fill', 'district-glow', 'district-edge']);
    const r = s.layers[1] as unknown as { paint: Record<string, number> };
    expect(r.paint['raster-brightness-max']).toBeLessThanOrEqual(0.7);
    const fill = s.layers[2] as unknown as { paint: Record<string, number> };
    expect(fill.paint['fill-opacity']).toBeLessThan(0.5);
  });

  it('generates polygon fills and lines for every vector layer, and no symbols', () => {
    const s = pmtilesStyle({ ...raster, kind: 'vector', vectorLayers: ['water', 'roads', 'buildings'] }, URL_TEMPLATE, 'wgs84');
    expect(s.sources.pmtiles).toMatchObject({ type: 'vector', tiles: [URL_TEMPLATE] });
    const gen = s.layers.filter((l) => l.id.startsWith('pmtiles-'));
    expect(gen.map((l) => [l.type, (l as { 'source-layer': string })['source-layer']])).toEqual([
      ['fill', 'water'],
      ['fill', 'roads'],
      ['fill', 'buildings'],
      ['line', 'water'],
      ['line', 'roads'],
      ['line', 'buildings'],
    ]);
    expect(JSON.stringify(gen.filter((l) => l.type === 'fill').map((l) => (l as { filter: unknown }).filter))).toContain('Polygon');
    expect(JSON.stringify(gen.filter((l) => l.type === 'line').map((l) => (l as { filter: unknown }).filter))).toContain('LineString');
    expect(s.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(s.glyphs).toBeUndefined();
    expect(s.layers.at(-1)!.id).toBe('district-edge');
  });

  it('shifts the district overlay for a GCJ-02 archive', () => {
    const first = (crs: 'wgs84' | 'gcj02') => {
      const data = (pmtilesStyle(raster, URL_TEMPLATE, crs).sources.districts as { data: { features: { geometry: { coordinates: unknown } }[] } }).data;
      return JSON.stringify(data.features[0]!.geometry.coordinates).slice(0, 40);
    };
    expect(first('gcj02')).not.toBe(first('wgs84'));
  });
});
