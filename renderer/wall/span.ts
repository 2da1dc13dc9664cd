/**
 * A view spanning several monitors is one canvas cut into tiles, one per window
 * (settings.span = [x, y, width, height, canvasWidth, canvasHeight]). Overlays that belong to
 * the canvas, not to each window, are shown by the tile that holds their area only.
 */
export type SpanTile = readonly [number, number, number, number, number, number];

/** The map's side panel sits at the canvas's top-right: the tile at the right edge and the top holds it. Without a span every window does. */
export function tileHoldsSidePanel(span: SpanTile | null | undefined): boolean {
  if (!span) return true;
  const [x, y, width, , canvasWidth] = span;
  // A pixel of slack: the planner rounds tile edges.
  return x + width >= canvasWidth - 1 && y <= 0;
}
