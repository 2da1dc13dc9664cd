/**
 * deck.gl layers of the situation map, built from the world on each data version. Layers
 * are cheap descriptors: deck.gl diffs them and re-uploads only what changed (data object
 * identity and updateTriggers carry the versions).
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Camera, DrainageSensor, Incident } from '../../shared/protocol';
import type { World } from '../data/world';
import { CAMERA_RGBA, DRAINAGE_RGBA, HEAT_RAMP, MAP, PRIORITY_RGBA } from '../theme/colors';
import { isLate } from '../views/drainage/late';
import { DISTRICT_LABELS } from './basemap';

export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const HEAT_WINDOW_MS = 24 * 3600_000;

export interface LayerInfo {
  visible: boolean;
  count: number;
}

/** Memoised inputs so unchanged topics keep the same data arrays (and deck.gl skips them). */
export class MapLayerBuilder {
  private cache = new Map<string, { version: string; data: unknown }>();

  private memo<T>(key: string, version: string, make: () => T): T {
    const c = this.cache.get(key);
    if (c && c.version === version) return c.data as T;
    const data = make();
    this.cache.set(key, { version, data });
    return data;
  }

  build(world: World, lang: 'zh' | 'en', serverNow: number): { layers: Layer[]; info: Record<string, LayerInfo> } {
    const info: Record<string, LayerInfo> = {};
    const hv = world.history.version;
    // Re-filter the 24 h window once a minute, or when history changes.
    const minute = Math.floor(serverNow / 60_000);
    const heatIdx = this.memo('heat', `${hv}|${minute}`, () => world.history.indicesSince(serverNow - HEAT_WINDOW_MS));
    const hpos = world.history.positions;
    const heatmap = new HeatmapLayer<number>({
      id: 'heatmap',
      data: heatIdx as unknown as number[],
      getPosition: (i: number) => [hpos[i * 2]!, hpos[i * 2 + 1]!],
      // A function, not a constant: a constant weight leaves the heatmap's weight buffer empty and nothing renders.
      getWeight: () => 1,
      radiusPixels: 56,
      // The default 2048² weights texture costs seconds per frame on software GL; 512² looks the same at city scale.
      weightsTextureSize: 512,
      debounceTimeout: 500,
      intensity: 3,
      threshold: 0.04,
      colorRange: HEAT_RAMP,
      opacity: 0.8,
      updateTriggers: { getPosition: [hv, minute] },
    });
    info.heatmap = { visible: true, count: heatIdx.length };

    const iv = world.versions.incidents;
    const open = this.memo('incidents', String(iv), () =>
      [...world.table('incidents').values()].filter((i) => i.status !== 'closed').sort((a, b) => b.priority - a.priority),
    );
    const incidents = new ScatterplotLayer<Incident>({
      id: 'incidents',
      data: open,
      getPosition: (d) => [d.lon, d.lat],
      getFillColor: (d) => PRIORITY_RGBA[d.priority] as [number, number, number, number],
      getLineColor: [255, 255, 255, 230],
      getRadius: (d) => (d.priority === 1 ? 11 : d.priority === 2 ? 9 : 7),
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    });
    info.incidents = { visible: true, count: open.length };

    const cv = world.versions.cameras;
    const cams = this.memo('cameras', String(cv), () => [...world.table('cameras').values()]);
    const cameras = new ScatterplotLayer<Camera>({
      id: 'cameras',
      data: cams,
      getPosition: (d) => [d.lon, d.lat],
      getFillColor: (d) => (d.online ? CAMERA_RGBA.online : CAMERA_RGBA.offline) as [number, number, number, number],
      getRadius: 1.6,
      radiusUnits: 'pixels',
      updateTriggers: { getFillColor: cv },
    });
    info.cameras = { visible: true, count: cams.length };

    const dv = world.versions.drainage;
    // Lateness depends on the clock: re-evaluate every 10 s as well.
    const tick = Math.floor(serverNow / 10_000);
    const drains = this.memo('drainage', `${dv}|${tick}`, () =>
      [...world.table('drainage').values()].sort((a, b) => stateRank(a) - stateRank(b)),
    );
    const now = serverNow;
    const drainage = new ScatterplotLayer<DrainageSensor>({
      id: 'drainage',
      data: drains,
      getPosition: (d) => [d.lon, d.lat],
      getFillColor: (d) =>
        (d.state === 'alarm' ? DRAINAGE_RGBA.alarm : d.state === 'warning' ? DRAINAGE_RGBA.warning : isLate(d, now) ? DRAINAGE_RGBA.late : DRAINAGE_RGBA.normal) as [
          number,
          number,
          number,
          number,
        ],
      getLineColor: [15, 23, 42, 255],
      getRadius: (d) => (d.state === 'alarm' ? 9 : d.state === 'warning' ? 6 : 3.5),
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      updateTriggers: { getFillColor: [dv, tick], getRadius: dv },
    });
    info.drainage = { visible: true, count: drains.length };

    // Units: binary attributes straight from the hot table. A fresh subarray view per version
    // is what tells deck.gl to re-upload; the typed arrays themselves are reused.
    const u = world.units;
    const units = new ScatterplotLayer({
      id: 'units',
      data: this.memo('units', String(u.version), () => ({
        length: u.count,
        attributes: {
          getPosition: { value: u.positions.subarray(0, u.count * 2), size: 2 },
          getFillColor: { value: u.colors.subarray(0, u.count * 4), size: 4, normalized: true },
        },
      })) as never,
      getRadius: 5,
      radiusUnits: 'pixels',
      stroked: true,
      getLineColor: [2, 6, 23, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      updateTriggers: { getPosition: u.version, getFillColor: u.version },
    });
    info.units = { visible: true, count: u.count };

    const labels = new TextLayer<(typeof DISTRICT_LABELS)[number]>({
      id: 'district-labels',
      data: DISTRICT_LABELS,
      getText: (d) => (lang === 'zh' ? d.name : d.nameEn),
      getPosition: (d) => d.position,
      getSize: lang === 'zh' ? 28 : 24,
      sizeUnits: 'pixels',
      getColor: MAP.label as [number, number, number, number],
      fontFamily: FONT_STACK,
      fontWeight: 700,
      characterSet: LABEL_CHARSET,
      fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
      outlineWidth: 3,
      outlineColor: MAP.labelOutline as [number, number, number, number],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      updateTriggers: { getText: lang, getSize: lang },
    });
    info['district-labels'] = { visible: true, count: DISTRICT_LABELS.length };

    // Units above the data layers; district names last so they stay legible over the seat clusters.
    return { layers: [heatmap, cameras, drainage, incidents, units, labels], info };
  }
}

function stateRank(d: DrainageSensor): number {
  return d.state === 'alarm' ? 2 : d.state === 'warning' ? 1 : 0;
}

/** Only the characters the labels use, so the font atlas stays small. */
const LABEL_CHARSET = [...new Set(DISTRICT_LABELS.flatMap((d) => [...d.name, ...d.nameEn]))];
