/**
 * Which layers the situation map draws on deck.gl canvases of their own below the main one
 * (bottom first, none pickable). A canvas is redrawn whole whenever any of its layers changes,
 * so a layer that changes rarely and costs much to draw is kept off the canvas that redraws with
 * every unit batch and pulse frame: the heat map.
 *
 * Every canvas is one more full-screen layer for the compositor, which on a wall PC without a
 * GPU blends it again on every frame in which any canvas changed. The district names on a
 * canvas of their own above the markers took about 1.5 ms of main thread per unit batch off the
 * main canvas, but the map with every layer on (pulses animating) fell from 52 to 23 frames per
 * second (e2e/map.spec.ts "frame times"). Trails stay on the main canvas; the names became page
text over the map instead (district-labels.ts).
 */
export const CANVASES_BELOW: readonly (readonly string[])[] = [['heatmap']];
