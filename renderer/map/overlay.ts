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
  redraw(reason?: string): void;
}

/**
 * Draws what was just handed to the overlay within the current animation frame. deck.gl
 * otherwise draws at its own next requestAnimationFrame callback, which runs before the map's
 * frame loop in the same frame once registered first: a new batch would wait one more frame
 * (16.7 ms of event-to-pixel). Deck draws only when something changed (`redraw` without a
 * reason); before its device is ready, or if the overlay's internals differ, it draws on its own.
 */
export function drawNow(overlay: object): void {
  const deck = (overlay as { _deck?: Redrawable })._deck;
  if (deck?.isInitialized && typeof deck.redraw === 'function') deck.redraw();
}
