/**
 * The camera tour the memory measurements run (bench/items/soak.ts, bench/heapdiff.ts): 36
 * cameras spread over the demo city's 7,000 (HD and face-capture cameras), four pages of nine,
 * as a control room configures a tour (`cameras=`, at most 256). It comes round every minute
 * at 15 s a page, so after a warm-up every camera has been opened before and what grows per
 * round is what a leak would be. A tour over all 7,000 opens cameras never seen before for
 * hours, and the first opening of a camera has a bounded cost of its own (see method.ts).
 */
export const TOUR_CAMERAS = Array.from({ length: 36 }, (_, i) => `cam-${String(1 + i * 193).padStart(5, '0')}`);

/** The query that makes a cameras window tour `TOUR_CAMERAS` every `seconds` in a 3×3 grid. */
export function tourQuery(seconds: number): string {
  return `&layout=9&tour=${seconds}&cameras=${TOUR_CAMERAS.join(',')}`;
}
