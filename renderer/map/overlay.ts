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
