/**
 * The WebGL context of the wall's deck.gl overlay canvases. On a wall PC without a GPU the
 * browser rasterises on the CPU (SwiftShader), where each draw's cost is paid per pixel:
 *  - no multisampling: WebGL's default (antialias: true) renders every pixel 4× and resolves
 *    the whole canvas on each draw, yet every layer the wall draws smooths its own edges in its
 *    shader (dots, SDF text, the heat texture), so the picture is the same without it;
 *  - no preserved drawing buffer (luma.gl asks for one by default): with it the compositor must
 *    copy the full canvas after each draw instead of swapping buffers. Nothing reads the canvas
 *    back (picking renders to its own framebuffer; screenshots come from the compositor).
 */
export const OVERLAY_DEVICE_PROPS = {
  webgl: { antialias: false, preserveDrawingBuffer: false },
} as const;

/** The part of deck.gl's Deck that `drawNow` uses. */
interface Redrawable {
  isInitialized?: boolean;
  /** luma.gl's AnimationLoop, whose frame callback is deck.gl's own frame (`_onRenderFrame`). */
  animationLoop?: { redraw(): unknown } | null;
}

/**
 * Draws what was just handed to the overlay within the current animation frame. deck.gl
 * otherwise takes new layers in at its own next requestAnimationFrame callback, which runs
 * before the map's frame loop in the same frame once registered first: a new batch would wait
 * one more frame (16.7 ms of event-to-pixel, more on a slow renderer). `setProps` only queues
 * the layers, and `Deck.redraw()` draws the layers it already has, so this runs one whole frame
 * of deck.gl (`AnimationLoop.redraw`): queued layers are matched and their attributes updated,
 * then drawn if anything changed. Before the device is ready, or if the overlay's internals
 * differ, deck.gl draws on its own as usual.
 */
export function drawNow(overlay: object): void {
  const deck = (overlay as { _deck?: Redrawable })._deck;
  const loop = deck?.isInitialized ? deck.animationLoop : null;
  if (loop && typeof loop.redraw === 'function') loop.redraw();
}

/** The part of deck.gl's Deck that `sleepWhenIdle` reads to learn whether it has work. */
interface SleepyDeck {
  isInitialized?: boolean;
  animationLoop?: { props: { animationFrameProvider?: FrameProvider } } | null;
  needsRedraw?(opts: { clearRedrawFlags: boolean }): unknown;
  layerManager?: { needsUpdate(): unknown } | null;
  /** A hover waiting to be picked at the next frame. */
  _pickRequest?: { event: unknown };
}

interface FrameProvider {
  requestAnimationFrame(cb: FrameRequestCallback): number;
  cancelAnimationFrame(id: number): void;
}

/** Map events after which deck.gl has work at its next frame: the view moved or was resized (a redraw). */
export const VIEW_EVENTS = ['render', 'resize'] as const;
/** ...and the pointer events it picks on (hover), which also change the cursor one frame later. */
export const POINTER_EVENTS = ['mousemove', 'mousedown', 'mouseup', 'mouseout', 'click', 'dblclick', 'dragstart', 'drag', 'dragend', 'touchstart', 'touchmove', 'touchend'] as const;

/** How often a sleeping overlay asks deck.gl whether something it loads by itself (an image, a font atlas) or a resize needs a frame. */
export const DECK_HEARTBEAT_MS = 250;

interface Evented {
  on(type: string, fn: () => void): unknown;
  off(type: string, fn: () => void): unknown;
}

export interface OverlaySleep {
  /** Runs deck.gl's next frame (a layer asked to redraw outside `drawNow`). */
  wake(): void;
  /** Frames deck.gl ran on its own loop since it was put to sleep (diagnostics, tests). */
  readonly frames: number;
  stop(): void;
}

/**
 * Lets a deck.gl overlay's frame loop sleep while it has nothing to do. deck.gl runs a whole
 * frame of its own on every requestAnimationFrame (stats, cursor, layer and redraw checks,
 * view-state transitions) even when nothing changed: on a wall PC that is 2–3 ms of main thread
 * per second per overlay, around the clock. Here deck.gl's frame request is held back and only
 * granted when there is a reason: the map rendered or resized (VIEW_EVENTS), the pointer moved
 * over it (POINTER_EVENTS: the hover is picked in the next frame, the cursor follows in the one
 * after), the caller woke it, or deck.gl itself reports pending work after a frame or at the
 * heartbeat (a layer flagged for update or redraw, a hover waiting to be picked). New layers are
 * drawn at once by `drawNow` regardless.
 */
export function sleepWhenIdle(
  overlay: object,
  map: Evented,
  frames: FrameProvider = { requestAnimationFrame: (cb) => requestAnimationFrame(cb), cancelAnimationFrame: (id) => cancelAnimationFrame(id) },
  heartbeat: (ms: number, fn: () => void) => () => void = (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
): OverlaySleep {
  const deck = (overlay as { _deck?: SleepyDeck })._deck;
  const loop = deck?.animationLoop;
  if (!deck || !loop) return { wake: () => {}, frames: 0, stop: () => {} };
  /** deck.gl's request for its next frame, held until there is a reason to run it. */
  let parked: FrameRequestCallback | null = null;
  let rafId = 0;
  /** Frames to run whatever deck.gl reports (a wake asks for one, the pointer for two). */
  let owed = 0;
  let count = 0;
  let stopped = false;
  const pending = (): boolean =>
    !deck.isInitialized || Boolean(deck.needsRedraw?.({ clearRedrawFlags: false }) || deck.layerManager?.needsUpdate() || deck._pickRequest?.event);
  const arm = () => {
    if (rafId || !parked || stopped) return;
    rafId = frames.requestAnimationFrame((t) => {
      rafId = 0;
      const cb = parked;
      parked = null;
      owed = Math.max(0, owed - 1);
      count++;
      cb?.(t);
    });
  };
  const wakeFor = (n: number) => {
    owed = Math.max(owed, n);
    arm();
  };
  const wake = () => wakeFor(1);
  const wakeTwice = () => wakeFor(2);
  loop.props.animationFrameProvider = {
    requestAnimationFrame(cb) {
      parked = cb;
      if (owed > 0 || pending()) arm();
      return 1;
    },
    cancelAnimationFrame() {
      parked = null;
      if (rafId) frames.cancelAnimationFrame(rafId);
      rafId = 0;
    },
  };
  for (const e of VIEW_EVENTS) map.on(e, wake);
  for (const e of POINTER_EVENTS) map.on(e, wakeTwice);
  const stopBeat = heartbeat(DECK_HEARTBEAT_MS, () => {
    if (pending()) wake();
  });
  // deck.gl may have asked for its first frame before its provider was replaced.
  wake();
  return {
    wake,
    get frames() {
      return count;
    },
    stop() {
      stopped = true;
      stopBeat();
      for (const e of VIEW_EVENTS) map.off(e, wake);
      for (const e of POINTER_EVENTS) map.off(e, wakeTwice);
      if (rafId) frames.cancelAnimationFrame(rafId);
      rafId = 0;
    },
  };
}
