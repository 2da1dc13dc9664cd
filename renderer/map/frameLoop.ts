/**
 * The situation map's animation-frame loop, shared by the wall (MapView.tsx) and the bench
 * (bench/pages/units.ts) so the bench measures the wall's own code. Pure: the clock and the
 * frame scheduler are injectable.
 *
 * Per animation frame:
 *  - when anything drawn changed (the key) or the zoom crossed a half level, the layers are
 *    rebuilt and handed over at once: a new batch is drawn at the very next frame, never held
 *    back behind animation;
 *  - otherwise, while something animates (pulses: new layers; gliding units: a redraw with a
 *    new clock uniform), a frame is drawn, spaced out when one draw is slow;
 *  - otherwise nothing is drawn, and the loop sleeps: no animation frame is requested until
 *    something wakes it (new data, a control, the map moving, a clock tick; see runFrameLoop).
 * The cost of a draw is the interval between the frame that drew and the next one. When it
 * stays above SLOW_DRAW_MS (software GL on a video wall PC), units stop gliding and snap to
 * their reports, so the machine draws once per batch instead of spending its time on motion.
 */

/** What the loop needs from the layer builder (MapLayerBuilder). */
export interface FrameBuilder<In, Out> {
  /** Something needs new layers every frame (pulses). */
  readonly animating: boolean;
  /** Gliding units need a frame at `now`. */
  glideFrameDue(now: number): boolean;
  /** A frame while only units glide: redraw the unit layer, rebuild nothing. */
  redrawGlide(now: number): void;
  build(inp: In): Out;
}

export interface FrameLoopOptions<In, Out> {
  builder: FrameBuilder<In, Out>;
  /** Everything drawn but the clock; the layers are rebuilt when it changes. */
  key: () => string;
  zoom: () => number;
  /** The builder's input for this frame; `glide` is false while the renderer is too slow to animate. */
  input: (now: number, glide: boolean) => In;
  /** Hands the built layers to deck.gl (and draws them). */
  setLayers: (out: Out) => void;
  /** Draws what `redrawGlide` flagged, at once: deck.gl's own loop sleeps (overlay.ts). */
  redraw: () => void;
  /** Milliseconds, monotonic (performance.now()). */
  now?: () => number;
}

/** A drawn frame costing more than this (ms, smoothed) means the renderer cannot afford animation. */
export const SLOW_DRAW_MS = 40;
/** ...and below this again it can (hysteresis, so one fast frame does not flip it back). */
export const FAST_DRAW_MS = 28;

export interface FrameLoop {
  /**
   * One animation frame at time `t` (the requestAnimationFrame timestamp). Returns whether the
   * loop needs the next frame too: something animates, or it drew (the next frame's interval
   * is what the draw cost).
   */
  frame(t: number): boolean;
  /** Smoothed cost of one drawn frame, ms. */
  readonly drawCostMs: number;
  /** Whether draws are too slow to animate (units snap instead of gliding). */
  readonly slow: boolean;
  /** Drawn frames: full builds and glide/pulse frames. */
  readonly counts: { builds: number; animationFrames: number };
}

export function createFrameLoop<In, Out>(o: FrameLoopOptions<In, Out>): FrameLoop {
  const clock = o.now ?? (() => performance.now());
  let last: string | null = null;
  let lastZoomBand = Number.NaN;
  let prevT = Number.NaN;
  let drewAt = Number.NaN;
  let drawCost = 0;
  let lastAnim = Number.NEGATIVE_INFINITY;
  let slow = false;
  const counts = { builds: 0, animationFrames: 0 };

  const frame = (t: number): boolean => {
    // The interval after a drawn frame is what that draw cost (the next frame waits for it).
    if (prevT === drewAt) {
      drawCost = drawCost === 0 ? t - prevT : drawCost * 0.8 + (t - prevT) * 0.2;
      if (!slow && drawCost > SLOW_DRAW_MS) slow = true;
      else if (slow && drawCost < FAST_DRAW_MS) slow = false;
    }
    prevT = t;
    const key = o.key();
    const zoomBand = Math.floor(o.zoom() * 2);
    const now = clock();
    if (key === last && zoomBand === lastZoomBand) {
      if (!o.builder.animating && !o.builder.glideFrameDue(now)) return false;
      // Animation on a slow renderer: about a quarter of the time at most.
      if (drawCost > SLOW_DRAW_MS && t - lastAnim < drawCost * 4) return true;
      lastAnim = t;
      drewAt = t;
      counts.animationFrames++;
      // Only units gliding: no new layers, the unit layer redraws with a new clock uniform.
      if (!o.builder.animating) {
        o.builder.redrawGlide(now);
        o.redraw();
        return true;
      }
    } else counts.builds++;
    drewAt = t;
    last = key;
    lastZoomBand = zoomBand;
    o.setLayers(o.builder.build(o.input(now, !slow)));
    return true;
  };

  return {
    frame,
    get drawCostMs() {
      return drawCost;
    },
    get slow() {
      return slow;
    },
    counts,
  };
}

/** What is drawn also depends on the clock (a unit turning stale, the heat window's edge): a sleeping loop looks this often. */
export const CLOCK_TICK_MS = 1000;

export interface FrameLoopRunner {
  /** Something the key depends on may have changed: run a frame (once, however often called before it). */
  wake(): void;
  stop(): void;
}

/**
 * Runs the loop on requestAnimationFrame while it has something to do, and lets it sleep
 * otherwise: a wall that shows a still map requests no frames at all. Whatever changes what is
 * drawn must call `wake` (MapView.tsx wires the stream, the controls, the map and a clock tick).
 */
export function runFrameLoop(loop: FrameLoop, raf: (cb: FrameRequestCallback) => number = requestAnimationFrame, cancel: (id: number) => void = cancelAnimationFrame): FrameLoopRunner {
  let id = 0;
  let stopped = false;
  const tick = (t: number) => {
    id = 0;
    if (loop.frame(t)) wake();
  };
  const wake = () => {
    if (!id && !stopped) id = raf(tick);
  };
  wake();
  return {
    wake,
    stop() {
      stopped = true;
      if (id) cancel(id);
      id = 0;
    },
  };
}

/** Whether two layer lists are the same instances in the same order (then deck.gl needs nothing). */
export function sameLayers(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
