/**
 * deck.gl layers of the situation map. Each layer instance is memoised on the versions of
 * what it draws (topic version, filter, zoom band, clock tick), so a batch on one topic
 * rebuilds only that topic's layer and deck.gl skips the rest. The units, their trails and
 * the pulses are re-described every animation frame from typed arrays (binary attributes);
 * React is not involved.
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { CAMERA_KINDS, type DrainageSensor, type Incident } from '../../shared/protocol';
import type { BasemapCrs } from '../config/settings';
import type { World } from '../data/world';
import { DRAINAGE_RGBA, HEAT_RAMP, MAP, PRIORITY_RGBA, UNIT_STATUS_RGBA, UNKNOWN_RGBA, type RGBA } from '../theme/colors';
import { isLate } from '../views/drainage/late';
import { buildUnitAtlas, unitIconName } from './atlas';
import { GlidingIconLayer } from './glide-layer';
import { DISTRICT_LABELS } from './basemap';
import { gridCluster, worldSize, type Clusters } from './cluster';
import { convertPairs, projectFor } from './crs';
import { binToGrid } from './heatgrid';
import { HOUR_MS, WINDOWS, type MapIncidents } from './incidents';
import type { Playback, ToggleId } from './mapState';
import { glideDecision, UnitMotion, type GlideState } from './motion';
import { CAMERA_KIND_RGBA, CAMERA_OFFLINE_RGBA, OFFLINE_MARK_RGBA, STALE_RGBA } from './palette';
import type { HeatWindow } from './incidents';

export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
/** From this zoom on, individual incidents replace the heat, cameras are drawn one by one and gauges appear. */
export const STREET_ZOOM = 13;
/** Level gauges (text per sensor) from this zoom on, where they no longer overlap. */
export const GAUGE_ZOOM = 14;
const PULSE_MS = 4000;
/** Filtered incidents above which the heat map splats grid cells instead of records. */
export const HEAT_GRID_FROM = 20_000;

/**
 * Marker and label sizes are in CSS pixels, tuned for a 1080-pixel-high window. A 4K monitor
 * run at 100 % scaling has twice the CSS pixels in the same physical size, so symbols grow
 * with the window's height to stay legible from the same distance (with OS scaling at 200 %
 * the factor stays 1 and the device pixels do it). Read at layer build, not per frame.
 */
export function uiScale(): number {
  const h = typeof window === 'undefined' ? 1080 : window.innerHeight;
  return Math.max(1, Math.min(2.5, h / 1080));
}
const CLUSTER_PX = 44;
const CAMERA_CLUSTER_PX = 90;

export interface LayerInfo {
  visible: boolean;
  count: number;
  /** For the heat map: the window (or 'playback') and category mask the count is for. */
  filter?: string;
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

/**
 * Below street zoom, from this many units on, units are drawn as status-coloured dots instead
 * of heading arrows: the arrows overlap into a carpet where no heading can be read, and a
 * textured icon costs several times a dot's pixels on a software renderer (the wall's
 * fallback), where it alone made one draw take over a second at 10k units.
 */
export const UNIT_DOTS_FROM = 2000;
/** Trails show from this zoom on: below it a report's step is a pixel or less and the trail is a blob under the icon. */
export const TRAIL_ZOOM = STREET_ZOOM;

type Rgba4 = [number, number, number, number];
const rgba = (c: RGBA): Rgba4 => c as unknown as Rgba4;
/**
 * deck.gl `_dataDiff` for unit layers whose rows are table slots: with the same row count no row
 * changed identity, so accessor attributes (icons, picking colours) are not recomputed; positions
 * and colours are binary attributes that upload when their object changes.
 */
const SAME_ROWS = (next: { length: number }, prev: { length: number } | null): [] | null => (prev && next.length === prev.length ? [] : null);

export class MapLayerBuilder {
  private cache = new Map<string, { version: string; data: unknown }>();
  readonly motion = new UnitMotion(1024);
  private motionVersion = -1;
  private target = new Float64Array(0);
  private unitColors = new Uint8Array(0);
  private unitAngles = new Float32Array(0);
  /** The table version the angles were written for (only arrows need them). */
  private anglesVersion = -1;
  /** Last entity update per row (from `unitHeard`), refreshed only when rows or heard times changed. */
  private heardByRow = new Float64Array(0);
  private heardKey = '';
  /** The dots' colour attribute, a new object only when a colour changed (deck.gl uploads on a new object). */
  private dotColors: { version: number; attr: object } | null = null;
  private unitStale = new Uint8Array(0);
  /** kind × 2 + stale per row: what `getIcon` draws (compared to know when icons changed). */
  private unitIcon = new Int16Array(0);
  private unitColorVersion = 0;
  private unitIconVersion = 0;
  private unitColorRows = -1;
  /** performance.now() at which the next fresh unit turns stale, and how many times that came due. */
  private staleAt = Number.POSITIVE_INFINITY;
  private staleGeneration = 0;
  private trailPos = new Float32Array(0);
  private trailCol = new Uint8Array(0);
  private atlas: ReturnType<typeof buildUnitAtlas> | null = null;
  /** Whether the last build had something animating that needs new layers per frame (pulses). */
  animating = false;
  /** Whether units are gliding: frames then only need the unit layer redrawn (see redrawGlide). */
  unitsGliding = false;
  /** The glide decision of the last build (for diagnostics). */
  glide: GlideState = { on: true, reason: 'visible-moves', stepPx: 0 };
  /** Every layer instance handed out, and those of the last build. */
  private emitted = new WeakSet<Layer>();
  private lastEmitted = new Set<Layer>();
  private emittedUnits: Layer | null = null;

  constructor(
    private readonly world: World,
    private readonly incidents: MapIncidents,
    /** Last entity update per unit id; with a `version` counting its changes (tap.ts) it is read by row only when it changed. */
    private readonly unitHeard: Map<string, number> & { version?: number },
  ) {}

  private memo<T>(key: string, version: string, make: () => T): T {
    const c = this.cache.get(key);
    if (c && c.version === version) return c.data as T;
    const data = make();
    this.cache.set(key, { version, data });
    return data;
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
      const idx = inc.filter(from, to, inp.categories);
      // Pack into a compact copy: the filter's buffer is reused on the next call.
      const pos = new Float32Array(idx.length * 2);
      const pri = new Uint8Array(idx.length);
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        pos[k * 2] = inc.positions[i * 2]!;
        pos[k * 2 + 1] = inc.positions[i * 2 + 1]!;
        pri[k] = inc.priority[i]!;
      }
      return { n: idx.length, pos, pri };
    });
    const heatOn = inp.visible.heatmap;
    info.heatmap = { visible: heatOn && !street, count: filtered.n, filter: `${pb ? 'playback' : inp.window}|${inp.categories}` };
    if (heatOn && !street) {
      layers.push(
        this.memo('L.heatmap', filterKey, () => {
          // Above ~20k records, splat grid cells weighted by their count (see heatgrid.ts).
          const grid = filtered.n > HEAT_GRID_FROM ? binToGrid(filtered.pos, filtered.n) : null;
          const length = grid ? grid.n : filtered.n;
          const pos = grid ? grid.pos : filtered.pos;
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
      const cl = this.memo('incidentClusters', `${filterKey}|${zband}`, () =>
        gridCluster({ positions: filtered.pos, count: filtered.n, rank: filtered.pri }, zband, CLUSTER_PX),
      );
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
    const u = this.world.units;
    const n = u.count;
    const dots = inp.zoom < STREET_ZOOM && n >= UNIT_DOTS_FROM;
    if (this.motionVersion !== u.version) {
      this.motionVersion = u.version;
      // WGS-84 tiles: the table's own positions are the draw coordinates (no copy).
      let target: Float64Array = u.positions;
      if (inp.crs !== 'wgs84') {
        if (this.target.length < n * 2) this.target = new Float64Array(Math.max(2048, n * 4));
        convertPairs(inp.crs, u.positions, this.target, n);
        target = this.target;
      }
      // A batch that will not glide (dense dots, a slow renderer) lands in the same pass.
      const snap = dots || inp.glide === false;
      this.motion.sync({ count: n, positions: target, ids: u.ids }, inp.now, snap);
      this.decideGlide(inp, true);
      if (this.unitAngles.length < n) {
        const cap = Math.max(1024, n * 2);
        this.unitAngles = new Float32Array(cap);
        this.unitColors = new Uint8Array(cap * 4);
        this.unitStale = new Uint8Array(cap);
        this.unitIcon = new Int16Array(cap).fill(-1);
        this.heardByRow = new Float64Array(cap);
        this.heardKey = '';
        this.anglesVersion = -1;
      }
    } else this.decideGlide(inp, false);
    // Heard times by row: Map lookups only when a unit was upserted, removed or the table cleared.
    const heardKey = `${u.rowsVersion}|${this.unitHeard.version ?? inp.now}|${n}`;
    if (heardKey !== this.heardKey) {
      this.heardKey = heardKey;
      for (let r = 0; r < n; r++) this.heardByRow[r] = this.unitHeard.get(u.ids[r]!) ?? 0;
    }
    // Colours and icons are rewritten when a batch or an entity update arrived, and when the
    // clock reaches the moment the next unit turns stale (`staleAt`), not on every clock tick;
    // they are handed to deck.gl only when a row's value actually changed
    // (`unitColorVersion` / `unitIconVersion` say when).
    if (inp.now >= this.staleAt) {
      this.staleGeneration++;
      this.staleAt = Number.POSITIVE_INFINITY;
    }
    const colorKey = `${u.version}|${heardKey}|${this.staleGeneration}|${inp.staleMs}`;
    const staleCount = this.memo('unitColors', colorKey, () => {
      let stale = 0;
      let colorChanged = false;
      let iconChanged = false;
      let nextStale = Number.POSITIVE_INFINITY;
      for (let r = 0; r < n; r++) {
        const heard = Math.max(this.motion.lastMove[r]!, this.heardByRow[r]!);
        const isStale = inp.now - heard > inp.staleMs;
        // The first moment `now - heard > staleMs` holds for a fresh row.
        if (!isStale && heard + inp.staleMs < nextStale) nextStale = heard + inp.staleMs;
        const icon = (u.kind[r]! << 1) | (isStale ? 1 : 0);
        if (this.unitIcon[r] !== icon) {
          this.unitIcon[r] = icon;
          iconChanged = true;
        }
        this.unitStale[r] = isStale ? 1 : 0;
        const c = isStale ? STALE_RGBA : (UNIT_STATUS_RGBA[u.status[r]!] ?? UNKNOWN_RGBA);
        const o = r * 4;
        if (this.unitColors[o] !== c[0] || this.unitColors[o + 1] !== c[1] || this.unitColors[o + 2] !== c[2] || this.unitColors[o + 3] !== c[3]) {
          this.unitColors.set(c, o);
          colorChanged = true;
        }
        if (isStale) stale++;
      }
      // Strictly after the deadline, so the next pass finds the row stale.
      this.staleAt = nextStale + 1;
      if (colorChanged || n !== this.unitColorRows) this.unitColorVersion++;
      if (iconChanged || n !== this.unitColorRows) this.unitIconVersion++;
      this.unitColorRows = n;
      return stale;
    });
    info.units = { visible: inp.visible.units, count: n };
    info['units-stale'] = { visible: inp.visible.units, count: staleCount };
    this.unitsGliding = inp.visible.units && this.motion.moving(inp.now);
    info['unit-trails'] = { visible: false, count: 0 };
    if (inp.visible.units && inp.zoom >= TRAIL_ZOOM) {
      // Trails: every report's position, newest first, fading with age.
      const trails = this.memo('trails', String(u.version), () => {
        const max = n * this.motion.trails.length;
        if (this.trailPos.length < max * 2) {
          this.trailPos = new Float32Array(max * 2 + 2048);
          this.trailCol = new Uint8Array(max * 4 + 4096);
        }
        const ages = new Float32Array(max);
        const m = this.motion.trails.flatten(n, this.trailPos, ages);
        // Colour per point from its unit's status (rows are written in order, `size` points each).
        let k = 0;
        for (let r = 0; r < n && k < m; r++) {
          const size = this.motion.trails.sizes[r]!;
          if (size < 2) continue;
          const c = UNIT_STATUS_RGBA[u.status[r]!] ?? UNKNOWN_RGBA;
          for (let j = 0; j < size; j++, k++) {
            const o = k * 4;
            this.trailCol[o] = c[0];
            this.trailCol[o + 1] = c[1];
            this.trailCol[o + 2] = c[2];
            this.trailCol[o + 3] = Math.round(150 * (1 - ages[k]!));
          }
        }
        return { m, pos: this.trailPos.subarray(0, m * 2), col: this.trailCol.subarray(0, m * 4) };
      });
      layers.push(
        this.memo('L.trails', `${u.version}|${uiScale()}`, () =>
          new ScatterplotLayer({
            radiusScale: uiScale(),
            lineWidthScale: uiScale(),
            id: 'unit-trails',
            data: { length: trails.m, attributes: { getPosition: { value: trails.pos, size: 2 }, getFillColor: { value: trails.col, size: 4, normalized: true } } } as never,
            getRadius: 1.8,
            radiusUnits: 'pixels',
          }),
        ),
      );
      info['unit-trails'] = { visible: true, count: trails.m };
    }
    if (inp.visible.units) {
      this.atlas ??= buildUnitAtlas();
      const atlas = this.atlas;
      layers.push(
        dots
          ? this.memo('L.unitDots', `${this.motion.version}|${u.version}|${this.unitColorVersion}|${uiScale()}`, () => this.unitDots(n))
          : this.memo('L.units', `${this.motion.version}|${u.version}|${this.unitColorVersion}|${this.unitIconVersion}|${inp.zoom >= STREET_ZOOM ? 2 : inp.zoom >= 10 ? 1 : 0}|${uiScale()}`, () => this.unitLayer(n, inp.zoom, atlas)),
      );
    }

    // ── district names ──────────────────────────────────────────────────────
    layers.push(
      this.memo('L.labels', `${inp.lang}|${inp.crs}`, () =>
        new TextLayer<(typeof DISTRICT_LABELS)[number]>({
            sizeScale: uiScale(),
          id: 'district-labels',
          data: DISTRICT_LABELS,
          getText: (d) => (inp.lang === 'zh' ? d.name : d.nameEn),
          getPosition: (d) => project(d.position[0], d.position[1]),
          getSize: inp.lang === 'zh' ? 30 : 24,
          sizeUnits: 'pixels',
          getColor: rgba(MAP.label),
          fontFamily: FONT_STACK,
          fontWeight: 700,
          characterSet: LABEL_CHARSET,
          fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
          outlineWidth: 3,
          outlineColor: rgba(MAP.labelOutline),
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
        }),
      ),
    );
    info['district-labels'] = { visible: true, count: DISTRICT_LABELS.length };
    return { layers: this.fresh(layers), info };
  }

  /**
   * Glide only when it shows: the batch's largest move is at least GLIDE_MIN_PX at this zoom
   * (from the batch's own bookkeeping, no per-frame loop) and the renderer is fast enough.
   * Re-decided on every build (zoom changes, the renderer slowing down); glides already running
   * are landed when the answer turns to no.
   */
  private decideGlide(inp: BuildInput, batch: boolean): void {
    const dense = inp.zoom < STREET_ZOOM && this.world.units.count >= UNIT_DOTS_FROM;
    const next = glideDecision(this.motion, inp.zoom, inp.glide !== false, dense);
    if (!next.on && (batch || this.glide.on)) this.motion.land(inp.now);
    this.glide = next;
  }

  /**
   * What the clock alone changes in the built layers, for the frame loop's key: it changes when
   * a unit turns stale (grey, hollow icon), so an idle map is not rebuilt every second.
   */
  clockKey(now: number): number {
    return this.staleGeneration + (now >= this.staleAt ? 1 : 0);
  }

  /** Whether gliding units need a frame: while they glide, and once more when they arrive. */
  glideFrameDue(now: number): boolean {
    return this.unitsGliding || this.motion.moving(now);
  }

  /**
   * A frame while units glide and nothing else changed: the unit layer is redrawn with the
   * clock uniform, nothing is rebuilt or uploaded. The redraw after the glides end lands every
   * marker exactly on its target.
   */
  redrawGlide(now: number): void {
    this.unitsGliding = this.motion.moving(now);
    this.emittedUnits?.setNeedsRedraw();
  }

  /**
   * The unit layer for the current batch. Each instance carries new binary attribute objects
   * (deck.gl uploads a binary attribute when its object changes) in a new data container
   * whose `_dataDiff` says "no rows changed" as long as the row count is the same, so deck.gl
   * does not re-run `getIcon` for 10k rows: icons follow their own update trigger.
   */
  private unitLayer(n: number, zoom: number, atlas: ReturnType<typeof buildUnitAtlas>): Layer {
    const m = this.motion;
    const u = this.world.units;
    const kinds = u.kind;
    const stale = this.unitStale;
    if (this.anglesVersion !== u.version) {
      this.anglesVersion = u.version;
      // deck.gl angles are counter-clockwise; headings are clockwise from north.
      for (let r = 0; r < n; r++) this.unitAngles[r] = -u.heading[r]!;
    }
    const positions = this.memo('A.unitPositions', `${m.version}|${u.version}`, () => ({
      getPosition: { value: m.gpuTo.subarray(0, n * 2), size: 2 },
      getGlideFrom: { value: m.gpuFrom.subarray(0, n * 2), size: 2 },
      getGlideStart: { value: m.gpuStart.subarray(0, n), size: 1 },
      getAngle: { value: this.unitAngles.subarray(0, n), size: 1 },
    }));
    const colors = this.memo('A.unitColors', `${this.unitColorVersion}`, () => ({ value: this.unitColors.subarray(0, n * 4), size: 4, normalized: true }));
    return new GlidingIconLayer({
      id: 'units',
      data: { length: n, attributes: { ...positions, getColor: colors } } as never,
      _dataDiff: SAME_ROWS as never,
      glideEpoch: m.epoch,
      glideDurationMs: m.durationMs,
      sizeScale: uiScale(),
      iconAtlas: atlas.atlas as never,
      iconMapping: atlas.mapping,
      getIcon: (_: unknown, { index }: { index: number }) => unitIconName(kinds[index]!, stale[index] === 1),
      getSize: zoom >= STREET_ZOOM ? 30 : zoom >= 10 ? 22 : 16,
      sizeUnits: 'pixels',
      pickable: true,
      updateTriggers: { getIcon: this.unitIconVersion, getSize: zoom >= STREET_ZOOM ? 2 : zoom >= 10 ? 1 : 0 },
    });
  }

  /** Many units at city zoom: one dot per unit at its reported position, in its status colour (no glide). */
  private unitDots(n: number): Layer {
    const m = this.motion;
    if (this.dotColors?.version !== this.unitColorVersion) this.dotColors = { version: this.unitColorVersion, attr: { value: this.unitColors.subarray(0, n * 4), size: 4, normalized: true } };
    return new ScatterplotLayer({
      // Not 'units': a layer of another type must not inherit the arrows' state.
      id: 'unit-dots',
      data: {
        length: n,
        attributes: {
          getPosition: { value: m.gpuTo.subarray(0, n * 2), size: 2 },
          getFillColor: this.dotColors.attr,
        },
      } as never,
      // Binary attributes upload on their own; this keeps deck.gl from recomputing the accessor
      // attributes (picking colours, radii) for every row on every batch.
      _dataDiff: SAME_ROWS as never,
      getRadius: 5,
      radiusUnits: 'pixels',
      radiusScale: uiScale(),
      pickable: true,
    });
  }

  /**
   * deck.gl finalizes a layer that leaves the list; a memoised instance coming back (a layer
   * toggled off and on) must be a new instance with the same props, not the finalized one.
   */
  private fresh(layers: Layer[]): Layer[] {
    const out = layers.map((l) => {
      if (!this.emitted.has(l) || this.lastEmitted.has(l)) return l;
      const c = l.clone({});
      for (const entry of this.cache.values()) {
        if (entry.data === l) entry.data = c;
        else if (Array.isArray(entry.data)) {
          const k = (entry.data as unknown[]).indexOf(l);
          if (k >= 0) (entry.data as unknown[])[k] = c;
        }
      }
      return c;
    });
    for (const l of out) this.emitted.add(l);
    this.lastEmitted = new Set(out);
    this.emittedUnits = out.find((l) => l.id === 'units' || l.id === 'unit-dots') ?? null;
    return out;
  }
}

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

function clusterLayers(id: string, cl: Clusters, color: (c: number) => Rgba4): Layer[] {
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

function cameraClusterLayers(cl: Clusters, zoom: number): Layer[] {
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

function stateRank(d: DrainageSensor): number {
  return d.state === 'alarm' ? 2 : d.state === 'warning' ? 1 : 0;
}

/** Only the characters the labels use, so the font atlas stays small. */
const LABEL_CHARSET = [...new Set(DISTRICT_LABELS.flatMap((d) => [...d.name, ...d.nameEn]))];
