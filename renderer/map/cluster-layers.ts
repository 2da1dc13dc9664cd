/**
 * Clustered points on the situation map (incidents at street zoom, cameras below it): one
 * pickable disc per grid cell sized by its count, with the count as text.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { worldSize, type Clusters } from './cluster';
import { FONT_STACK, rgba, uiScale, type Rgba4 } from './layer-style';
import { CAMERA_KIND_RGBA, OFFLINE_MARK_RGBA } from './palette';

/** Cell sizes in screen pixels. */
export const CLUSTER_PX = 44;
export const CAMERA_CLUSTER_PX = 90;

/** One cluster as a pickable object (for tooltips and clicks). */
export interface ClusterItem {
  cluster: true;
  c: number;
  count: number;
  key: number;
  flagged: number;
  rank: number;
}

function items(cl: Clusters): ClusterItem[] {
  return Array.from({ length: cl.n }, (_, c) => ({ cluster: true, c, count: cl.counts[c]!, key: cl.key[c]!, flagged: cl.flagged[c]!, rank: cl.rank[c]! }));
}

export function clusterLayers(id: string, cl: Clusters, color: (c: number) => Rgba4): Layer[] {
  const idx = items(cl);
  return [
    new ScatterplotLayer<ClusterItem>({
      radiusScale: uiScale(),
      lineWidthScale: uiScale(),
      id,
      data: idx,
      getPosition: ({ c }) => [cl.positions[c * 2]!, cl.positions[c * 2 + 1]!],
      getRadius: ({ c }) => Math.min(30, 7 + 4 * Math.sqrt(cl.counts[c]! - 1)),
      getFillColor: ({ c }) => {
        const k = color(c);
        return [k[0], k[1], k[2], 215];
      },
      getLineColor: [255, 255, 255, 230],
      getLineWidth: 2,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      pickable: true,
    }),
    new TextLayer<ClusterItem>({
      sizeScale: uiScale(),
      id: `${id}-count`,
      data: idx.filter((d) => d.count > 1),
      getPosition: ({ c }) => [cl.positions[c * 2]!, cl.positions[c * 2 + 1]!],
      getText: ({ c }) => String(cl.counts[c]),
      getSize: 15,
      getColor: [2, 6, 23, 255],
      fontFamily: FONT_STACK,
      fontWeight: 700,
      characterSet: '0123456789',
    }),
  ];
}

export function cameraClusterLayers(cl: Clusters, zoom: number): Layer[] {
  const idx = items(cl);
  // Kinds sharing a cell sit side by side (a third of a cell apart) rather than on top of each other.
  const cellDeg = (CAMERA_CLUSTER_PX * 360) / worldSize(zoom);
  const pos = ({ c }: ClusterItem): [number, number] => [cl.positions[c * 2]! + (cl.key[c]! - 1) * cellDeg * 0.3, cl.positions[c * 2 + 1]!];
  return [
    new ScatterplotLayer<ClusterItem>({
      radiusScale: uiScale(),
      lineWidthScale: uiScale(),
      id: 'cameras',
      data: idx,
      getPosition: pos,
      getRadius: ({ c }) => Math.min(13, 3 + 0.8 * Math.sqrt(cl.counts[c]!)),
      getFillColor: ({ c }) => {
        const k = CAMERA_KIND_RGBA[cl.key[c]!]!;
        return [k[0], k[1], k[2], 90];
      },
      getLineColor: ({ c }) => (cl.flagged[c]! > 0 ? rgba(OFFLINE_MARK_RGBA) : [2, 6, 23, 200]),
      getLineWidth: ({ c }) => (cl.flagged[c]! > 0 ? 2 : 1),
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      pickable: true,
    }),
    new TextLayer<ClusterItem>({
      sizeScale: uiScale(),
      id: 'camera-counts',
      data: idx.filter((d) => d.count >= 50),
      getPosition: pos,
      getText: ({ c }) => String(cl.counts[c]),
      getSize: 12,
      getColor: [241, 245, 249, 255],
      outlineWidth: 2,
      outlineColor: [2, 6, 23, 255],
      fontFamily: FONT_STACK,
      fontWeight: 700,
      characterSet: '0123456789',
      fontSettings: { sdf: true, fontSize: 48, buffer: 4 },
    }),
  ];
}
