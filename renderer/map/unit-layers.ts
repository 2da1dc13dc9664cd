/**
 * The units on the situation map: their motion bookkeeping (glides, trails), staleness,
 * colours and icons by row, and the deck.gl layers drawn from them: heading arrows that glide
 * (glide-layer.ts), or status dots at city zoom when there are many, plus trails at street
 * zoom. Everything is kept in typed arrays by table row and handed to deck.gl as binary
 * attributes, rewritten only when a batch, an entity update or a staleness deadline changed it.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { World } from '../data/world';
import { STALE_RGBA } from './palette';
import { UNIT_STATUS_RGBA, UNKNOWN_RGBA } from '../theme/colors';
import { buildUnitAtlas, unitIconName } from './atlas';
import { convertPairs } from './crs';
import { GlidingIconLayer } from './glide-layer';
import type { LayerMemo } from './layer-memo';
import { STREET_ZOOM, uiScale } from './layer-style';
import type { BuildInput, LayerInfo } from './layers';
import { glideDecision, isStale, UnitMotion, type GlideState } from './motion';

/**
 * Below street zoom, from this many units on, units are drawn as status-coloured dots instead
 * of heading arrows: the arrows overlap into a carpet where no heading can be read, and a
 * textured icon costs several times a dot's pixels on a software renderer (the wall's
 * fallback), where it alone made one draw take over a second at 10k units.
 */
export const UNIT_DOTS_FROM = 2000;
/** Trails show from this zoom on: below it a report's step is a pixel or less and the trail is a blob under the icon. */
export const TRAIL_ZOOM = STREET_ZOOM;
/** Units turn stale on this grid of the clock (ms): at most four recolouring passes a second. */
export const STALE_STEP_MS = 250;

/**
 * deck.gl `_dataDiff` for unit layers whose rows are table slots: with the same row count no row
 * changed identity, so accessor attributes (icons, picking colours) are not recomputed; positions
 * and colours are binary attributes that upload when their object changes.
 */
const SAME_ROWS = (next: { length: number }, prev: { length: number } | null): [] | null => (prev && next.length === prev.length ? [] : null);

export class UnitLayers {
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
  /** Whether units are gliding: frames then only need the unit layer redrawn (see redrawGlide). */
  unitsGliding = false;
  /** The glide decision of the last build (for diagnostics). */
  glide: GlideState = { on: true, reason: 'visible-moves', stepPx: 0 };
  /** The unit layer instance on screen (the builder sets it after each build). */
  emitted: Layer | null = null;

  constructor(
    private readonly world: World,
    /** Last entity update per unit id; with a `version` counting its changes (tap.ts) it is read by row only when it changed. */
    private readonly unitHeard: Map<string, number> & { version?: number },
    private readonly memo: LayerMemo,
  ) {}

  /** Adds the unit layers (trails, then arrows or dots) to `layers` and their counts to `info`. */
  build(inp: BuildInput, layers: Layer[], info: Record<string, LayerInfo>): void {
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
    const staleCount = this.memo.get('unitColors', colorKey, () => {
      let staleRows = 0;
      let colorChanged = false;
      let iconChanged = false;
      let nextStale = Number.POSITIVE_INFINITY;
      for (let r = 0; r < n; r++) {
        const heard = Math.max(this.motion.lastMove[r]!, this.heardByRow[r]!);
        const stale = isStale(heard, inp.now, inp.staleMs);
        // A fresh row turns stale just after heard + staleMs (isStale is strict).
        if (!stale && heard + inp.staleMs < nextStale) nextStale = heard + inp.staleMs;
        const icon = (u.kind[r]! << 1) | (stale ? 1 : 0);
        if (this.unitIcon[r] !== icon) {
          this.unitIcon[r] = icon;
          iconChanged = true;
        }
        this.unitStale[r] = stale ? 1 : 0;
        const c = stale ? STALE_RGBA : (UNIT_STATUS_RGBA[u.status[r]!] ?? UNKNOWN_RGBA);
        const o = r * 4;
        if (this.unitColors[o] !== c[0] || this.unitColors[o + 1] !== c[1] || this.unitColors[o + 2] !== c[2] || this.unitColors[o + 3] !== c[3]) {
          this.unitColors.set(c, o);
          colorChanged = true;
        }
        if (stale) staleRows++;
      }
      // Strictly after the deadline, so the next pass finds the row stale; rounded up to a
      // step, so units heard within the same quarter second (a whole fleet when the feed
      // stops) turn grey in one pass instead of one rebuild per frame.
      this.staleAt = Math.ceil((nextStale + 1) / STALE_STEP_MS) * STALE_STEP_MS;
      if (colorChanged || n !== this.unitColorRows) this.unitColorVersion++;
      if (iconChanged || n !== this.unitColorRows) this.unitIconVersion++;
      this.unitColorRows = n;
      return staleRows;
    });
    info.units = { visible: inp.visible.units, count: n };
    info['units-stale'] = { visible: inp.visible.units, count: staleCount };
    this.unitsGliding = inp.visible.units && this.motion.moving(inp.now);
    info['unit-trails'] = { visible: false, count: 0 };
    if (inp.visible.units && inp.zoom >= TRAIL_ZOOM) {
      // Trails: every report's position, newest first, fading with age.
      const trails = this.memo.get('trails', String(u.version), () => {
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
        this.memo.get('L.trails', `${u.version}|${uiScale()}`, () =>
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
          ? this.memo.get('L.unitDots', `${this.motion.version}|${u.version}|${this.unitColorVersion}|${uiScale()}`, () => this.unitDots(n))
          : this.memo.get('L.units', `${this.motion.version}|${u.version}|${this.unitColorVersion}|${this.unitIconVersion}|${inp.zoom >= STREET_ZOOM ? 2 : inp.zoom >= 10 ? 1 : 0}|${uiScale()}`, () => this.unitLayer(n, inp.zoom, atlas)),
      );
    }
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
    this.emitted?.setNeedsRedraw();
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
    const positions = this.memo.get('A.unitPositions', `${m.version}|${u.version}`, () => ({
      getPosition: { value: m.gpuTo.subarray(0, n * 2), size: 2 },
      getGlideFrom: { value: m.gpuFrom.subarray(0, n * 2), size: 2 },
      getGlideStart: { value: m.gpuStart.subarray(0, n), size: 1 },
      getAngle: { value: this.unitAngles.subarray(0, n), size: 1 },
    }));
    const colors = this.memo.get('A.unitColors', `${this.unitColorVersion}`, () => ({ value: this.unitColors.subarray(0, n * 4), size: 4, normalized: true }));
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
}
