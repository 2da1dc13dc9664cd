/**
 * deck.gl layers of the situation map. Each layer instance is memoised on the versions of
 * what it draws (topic version, filter, zoom band, clock tick), so a batch on one topic
 * rebuilds only that topic's layer and deck.gl skips the rest. The units (unit-layers.ts) and
 * the pulses are described from typed arrays (binary attributes); React is not involved.
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { CAMERA_KINDS, type DrainageSensor, type Incident } from '../../shared/protocol';
import type { BasemapCrs } from '../config/settings';
import type { World } from '../data/world';
import { DRAINAGE_RGBA, HEAT_RAMP, MAP, PRIORITY_RGBA } from '../theme/colors';
import { isLate } from '../views/drainage/late';
import { gridCluster } from './cluster';
import { CAMERA_CLUSTER_PX, cameraClusterLayers, CLUSTER_PX, clusterLayers } from './cluster-layers';
import { projectFor } from './crs';
import { HOUR_MS, WINDOWS, type HeatWindow, type MapIncidents } from './incidents';
import { LayerMemo } from './layer-memo';
import { FONT_STACK, rgba, STREET_ZOOM, uiScale } from './layer-style';
import type { Playback, ToggleId } from './mapState';
import type { GlideState, UnitMotion } from './motion';
import { CAMERA_KIND_RGBA, CAMERA_OFFLINE_RGBA, OFFLINE_MARK_RGBA } from './palette';
import { UnitLayers } from './unit-layers';

/** Level gauges (text per sensor) from this zoom on, where they no longer overlap. */
export const GAUGE_ZOOM = 14;
const PULSE_MS = 4000;
/** Filtered incidents above which the heat map splats grid cells instead of records. */
export const HEAT_GRID_FROM = 20_000;

export interface LayerInfo {
  visible: boolean;
  count: number;
  /** For the heat map: the window (or 'playback') and category mask the count is for. */
  filter?: string;
}

interface Packed {
  pos: Float32Array;
  pri: Uint8Array;
}

export interface BuildInput {
  lang: 'zh' | 'en';
  /** Server clock (epoch ms) for windows and lateness. */
  serverNow: number;
  /** performance.now() for animation. */
  now: number;
  zoom: number;
  crs: BasemapCrs;
  staleMs: number;
  visible: Record<ToggleId, boolean>;
  window: HeatWindow;
  categories: number;
  playback: Playback | null;
  /** False while the renderer is too slow to animate (see frameLoop.ts): units snap to their reports. */
  glide?: boolean;
}

export class MapLayerBuilder {
  private readonly cache = new LayerMemo();
  private readonly units: UnitLayers;
  /** Whether the last build had something animating that needs new layers per frame (pulses). */
  animating = false;
  /** The filtered incidents' positions and priorities when there are many (see the filter memo). */
  private packPos = new Float32Array(0);
  private packPri = new Uint8Array(0);
  /** Every layer instance handed out, and those of the last build. */
  private emitted = new WeakSet<Layer>();
  private lastEmitted = new Set<Layer>();

  constructor(
    private readonly world: World,
    private readonly incidents: MapIncidents,
    /** Last entity update per unit id; with a `version` counting its changes (tap.ts) it is read by row only when it changed. */
    unitHeard: Map<string, number> & { version?: number },
  ) {
    this.units = new UnitLayers(world, unitHeard, this.cache);
  }

  /**
   * The filtered incidents' positions and priorities. Above HEAT_GRID_FROM they only feed one
   * build's clusters, so they go into reused buffers: fresh megabytes per window change cost
   * more in page faults and GC than the copy. Below, the heat layer keeps them as its attribute.
   */
  private pack(idx: Uint32Array): Packed {
    const inc = this.incidents;
    const large = idx.length > HEAT_GRID_FROM;
    if (large && this.packPos.length < idx.length * 2) {
      this.packPos = new Float32Array(idx.length * 2);
      this.packPri = new Uint8Array(idx.length);
    }
    const pos = large ? this.packPos.subarray(0, idx.length * 2) : new Float32Array(idx.length * 2);
    const pri = large ? this.packPri.subarray(0, idx.length) : new Uint8Array(idx.length);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]!;
      pos[k * 2] = inc.positions[i * 2]!;
      pos[k * 2 + 1] = inc.positions[i * 2 + 1]!;
      pri[k] = inc.priority[i]!;
    }
    return { pos, pri };
  }

  private memo<T>(key: string, version: string, make: () => T): T {
    return this.cache.get(key, version, make);
  }

  build(inp: BuildInput): { layers: Layer[]; info: Record<string, LayerInfo> } {
    const info: Record<string, LayerInfo> = {};
    const layers: Layer[] = [];
    const street = inp.zoom >= STREET_ZOOM;
    const zband = street ? Math.min(16, Math.floor(inp.zoom)) : Math.floor(inp.zoom);
    const project = projectFor(inp.crs);
    this.animating = false;

    // ── incident heat / clusters ────────────────────────────────────────────
    const inc = this.incidents;
    const pb = inp.playback;
    const minute = Math.floor(inp.serverNow / 60_000);
    const from = pb ? pb.at : inp.serverNow - WINDOWS[inp.window];
    const to = pb ? pb.at + HOUR_MS : inp.serverNow + 60_000;
    const filterKey = pb ? `pb|${pb.at}|${inp.categories}|${inc.version}` : `${inp.window}|${inp.categories}|${inc.version}|${minute}`;
    const filtered = this.memo('filter', filterKey, () => {
      // The index buffer is the filter's own, reused at its next call, which only comes with a
      // new key (and so a new `filtered`). The packed copy is made only where it is drawn from.
      const idx = inc.filter(from, to, inp.categories);
      let packed: Packed | null = null;
      return { n: idx.length, idx, pack: () => (packed ??= this.pack(idx)) };
    });
    const heatOn = inp.visible.heatmap;
    info.heatmap = { visible: heatOn && !street, count: filtered.n, filter: `${pb ? 'playback' : inp.window}|${inp.categories}` };
    if (heatOn && !street) {
      layers.push(
        this.memo('L.heatmap', filterKey, () => {
          // Above ~20k records, splat grid cells weighted by their count (see heatgrid.ts).
          const grid = filtered.n > HEAT_GRID_FROM ? inc.heatGrid(filtered.idx) : null;
          const length = grid ? grid.n : filtered.n;
          const pos = grid ? grid.pos : filtered.pack().pos;
          const weights = grid ? grid.weight : new Float32Array(filtered.n).fill(1);
          return new HeatmapLayer({
            id: 'heatmap',
            data: { length, attributes: { getPosition: { value: pos, size: 2 }, getWeight: { value: weights, size: 1 } } } as never,
            radiusPixels: (pb ? 48 : 56) * uiScale(),
            // The default 2048² weights texture costs seconds per frame on software GL; 512² looks the same at city scale.
            weightsTextureSize: 512,
            debounceTimeout: 300,
            intensity: 3,
            threshold: 0.04,
            colorRange: HEAT_RAMP,
            opacity: 0.8,
          });
        }),
      );
    }
    if (heatOn && street) {
      const cl = this.memo('incidentClusters', `${filterKey}|${zband}`, () => {
        const { pos, pri } = filtered.pack();
        return gridCluster({ positions: pos, count: filtered.n, rank: pri }, zband, CLUSTER_PX);
      });
      info['incident-clusters'] = { visible: true, count: cl.n };
      layers.push(...this.memo('L.incidentClusters', `${filterKey}|${zband}`, () => clusterLayers('incident-clusters', cl, (c) => rgba(PRIORITY_RGBA[(cl.rank[c] || 3) as 1 | 2 | 3]))));
    }

    // ── arrivals pulse ──────────────────────────────────────────────────────
    const arrivals = inc.recentArrivals(inp.now - PULSE_MS);
    if (arrivals.length > 0 && heatOn) {
      this.animating = true;
      layers.push(
        new ScatterplotLayer<(typeof arrivals)[number]>({
          radiusScale: uiScale(),
          lineWidthScale: uiScale(),
          id: 'incident-pulse',
          data: arrivals.slice(),
          getPosition: (d) => [d.lon, d.lat],
          getRadius: (d) => 8 + 46 * Math.min(1, (inp.now - d.at) / PULSE_MS),
          getLineColor: (d) => {
            const c = PRIORITY_RGBA[(d.priority || 3) as 1 | 2 | 3];
            return [c[0], c[1], c[2], Math.round(255 * (1 - Math.min(1, (inp.now - d.at) / PULSE_MS)))];
          },
          getFillColor: (d) => {
            const c = PRIORITY_RGBA[(d.priority || 3) as 1 | 2 | 3];
            return [c[0], c[1], c[2], Math.round(160 * (1 - Math.min(1, (inp.now - d.at) / PULSE_MS)))];
          },
          stroked: true,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          getLineWidth: 4,
          updateTriggers: { getRadius: inp.now, getLineColor: inp.now, getFillColor: inp.now },
        }),
      );
    }
    info['incident-pulse'] = { visible: heatOn, count: arrivals.length };

    // ── cameras ─────────────────────────────────────────────────────────────
    const cv = this.world.versions.cameras;
    const cams = this.memo('cameras', `${cv}|${inp.crs}`, () => {
      const list = [...this.world.table('cameras').values()];
      const pos = new Float32Array(list.length * 2);
      const kind = new Uint8Array(list.length);
      const off = new Uint8Array(list.length);
      const fill = new Uint8Array(list.length * 4);
      const line = new Uint8Array(list.length * 4);
      list.forEach((c, i) => {
        const k = Math.max(0, CAMERA_KINDS.indexOf(c.kind));
        fill.set(c.online ? CAMERA_KIND_RGBA[k]! : CAMERA_OFFLINE_RGBA, i * 4);
        line.set(c.online ? [2, 6, 23, 255] : OFFLINE_MARK_RGBA, i * 4);
        const [x, y] = project(c.lon, c.lat);
        pos[i * 2] = x;
        pos[i * 2 + 1] = y;
        kind[i] = Math.max(0, CAMERA_KINDS.indexOf(c.kind));
        off[i] = c.online ? 0 : 1;
      });
      return { list, pos, kind, off, fill, line };
    });
    info.cameras = { visible: inp.visible.cameras, count: cams.list.length };
    if (inp.visible.cameras) {
      if (street) {
        info['camera-points'] = { visible: true, count: cams.list.length };
        layers.push(
          this.memo('L.cameras', `${cv}|${inp.crs}|street`, () =>
            new ScatterplotLayer({
              radiusScale: uiScale(),
              lineWidthScale: uiScale(),
              // Not 'cameras': a layer of another data shape must not inherit the clusters' state.
              id: 'camera-points',
              data: {
                length: cams.list.length,
                attributes: {
                  getPosition: { value: cams.pos, size: 2 },
                  getFillColor: { value: cams.fill, size: 4, normalized: true },
                  getLineColor: { value: cams.line, size: 4, normalized: true },
                },
              } as never,
              getRadius: 4.5,
              getLineWidth: 1.5,
              radiusUnits: 'pixels',
              lineWidthUnits: 'pixels',
              stroked: true,
              pickable: true,
            }),
          ),
        );
      } else {
        const cl = this.memo('cameraClusters', `${cv}|${inp.crs}|${zband}`, () =>
          gridCluster({ positions: cams.pos, count: cams.list.length, key: cams.kind, flag: cams.off }, zband, CAMERA_CLUSTER_PX),
        );
        info['camera-clusters'] = { visible: true, count: cl.n };
        layers.push(
          ...this.memo('L.cameras', `${cv}|${inp.crs}|${zband}`, () => cameraClusterLayers(cl, zband)),
        );
      }
    }

    // ── drainage ────────────────────────────────────────────────────────────
    const dv = this.world.versions.drainage;
    const tick = Math.floor(inp.serverNow / 10_000);
    const drains = this.memo('drainage', `${dv}|${tick}`, () =>
      [...this.world.table('drainage').values()].sort((a, b) => stateRank(a) - stateRank(b)),
    );
    info.drainage = { visible: inp.visible.drainage, count: drains.length };
    if (inp.visible.drainage) {
      const now = inp.serverNow;
      layers.push(
        this.memo('L.drainage', `${dv}|${tick}|${inp.crs}`, () =>
          new ScatterplotLayer<DrainageSensor>({
            radiusScale: uiScale(),
            lineWidthScale: uiScale(),
            id: 'drainage',
            data: drains,
            getPosition: (d) => project(d.lon, d.lat),
            getFillColor: (d) =>
              rgba(d.state === 'alarm' ? DRAINAGE_RGBA.alarm : d.state === 'warning' ? DRAINAGE_RGBA.warning : isLate(d, now) ? DRAINAGE_RGBA.late : DRAINAGE_RGBA.normal),
            getLineColor: [15, 23, 42, 255],
            getRadius: (d) => (d.state === 'alarm' ? 10 : d.state === 'warning' ? 7 : 4.5),
            radiusUnits: 'pixels',
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 1.5,
            pickable: true,
          }),
        ),
      );
      const red = this.memo('drainageRed', `${dv}`, () => drains.filter((d) => d.state === 'alarm'));
      if (red.length > 0) {
        this.animating = true;
        const phase = (inp.now % 1500) / 1500;
        layers.push(
          new ScatterplotLayer<DrainageSensor>({
            radiusScale: uiScale(),
            lineWidthScale: uiScale(),
            id: 'drainage-pulse',
            data: red,
            getPosition: (d) => project(d.lon, d.lat),
            getRadius: 10 + 22 * phase,
            getLineColor: [239, 68, 68, Math.round(255 * (1 - phase))],
            filled: false,
            stroked: true,
            radiusUnits: 'pixels',
            lineWidthUnits: 'pixels',
            getLineWidth: 3,
          }),
        );
      }
      info['drainage-pulse'] = { visible: true, count: red.length };
      if (inp.zoom >= GAUGE_ZOOM) {
        layers.push(
          this.memo('L.drainageGauge', `${dv}|${inp.crs}`, () =>
            new TextLayer<DrainageSensor>({
              sizeScale: uiScale(),
              id: 'drainage-gauge',
              data: drains,
              getPosition: (d) => project(d.lon, d.lat),
              getText: (d) => `${d.level.toFixed(2)} m / ${d.alarmLevel.toFixed(2)} m`,
              getColor: (d) => rgba(d.state === 'alarm' ? DRAINAGE_RGBA.alarm : d.state === 'warning' ? DRAINAGE_RGBA.warning : DRAINAGE_RGBA.normal),
              getSize: 15,
              getPixelOffset: [0, -20],
              fontFamily: FONT_STACK,
              fontWeight: 700,
              characterSet: '0123456789.m/ -',
              fontSettings: { sdf: true, fontSize: 48, buffer: 4 },
              outlineWidth: 3,
              outlineColor: rgba(MAP.labelOutline),
            }),
          ),
        );
        info['drainage-gauge'] = { visible: true, count: drains.length };
      }
    }

    // ── open incidents ──────────────────────────────────────────────────────
    const iv = this.world.versions.incidents;
    const open = this.memo('incidents', String(iv), () =>
      [...this.world.table('incidents').values()].filter((i) => i.status !== 'closed').sort((a, b) => b.priority - a.priority),
    );
    info.incidents = { visible: inp.visible.incidents, count: open.length };
    if (inp.visible.incidents) {
      layers.push(
        this.memo('L.incidents', `${iv}|${inp.crs}`, () =>
          new ScatterplotLayer<Incident>({
            radiusScale: uiScale(),
            lineWidthScale: uiScale(),
            id: 'incidents',
            data: open,
            getPosition: (d) => project(d.lon, d.lat),
            getFillColor: (d) => rgba(PRIORITY_RGBA[d.priority]),
            getLineColor: [255, 255, 255, 230],
            getRadius: (d) => (d.priority === 1 ? 11 : d.priority === 2 ? 9 : 7),
            radiusUnits: 'pixels',
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 2,
            pickable: true,
          }),
        ),
      );
    }

    // ── units ───────────────────────────────────────────────────────────────
    this.units.build(inp, layers, info);

    // District names are page text over the map (district-labels.ts), not a layer.
    return { layers: this.fresh(layers), info };
  }

  /** The units' glide decision of the last build (for diagnostics). */
  get glide(): GlideState {
    return this.units.glide;
  }

  /** Whether units are gliding: frames then only need the unit layer redrawn (see redrawGlide). */
  get unitsGliding(): boolean {
    return this.units.unitsGliding;
  }

  /** The units' motion bookkeeping (glide duration, epoch). */
  get motion(): UnitMotion {
    return this.units.motion;
  }

  /** For the frame loop's key: changes only when a unit turns stale (UnitLayers.clockKey). */
  clockKey(now: number): number {
    return this.units.clockKey(now);
  }

  /** Whether gliding units need a frame: while they glide, and once more when they arrive. */
  glideFrameDue(now: number): boolean {
    return this.units.glideFrameDue(now);
  }

  /** A frame while only units glide: their layer redraws with a new clock uniform, nothing is rebuilt. */
  redrawGlide(now: number): void {
    this.units.redrawGlide(now);
  }

  /**
   * deck.gl finalizes a layer that leaves the list; a memoised instance coming back (a layer
   * toggled off and on) must be a new instance with the same props, not the finalized one.
   */
  private fresh(layers: Layer[]): Layer[] {
    const out = layers.map((l) => {
      if (!this.emitted.has(l) || this.lastEmitted.has(l)) return l;
      const c = l.clone({});
      this.cache.replace(l, c);
      return c;
    });
    for (const l of out) this.emitted.add(l);
    this.lastEmitted = new Set(out);
    this.units.emitted = out.find((l) => l.id === 'units' || l.id === 'unit-dots') ?? null;
    return out;
  }
}

function stateRank(d: DrainageSensor): number {
  return d.state === 'alarm' ? 2 : d.state === 'warning' ? 1 : 0;
}

/** Only the characters the labels use, so the font atlas stays small. */
