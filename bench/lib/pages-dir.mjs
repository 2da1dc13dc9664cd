/**
 * Where the bench pages are built and served from. A private build (QUJING_DIST=dist-x) gets its
 * own folder, so two benches (or a bench and `bench/look.ts`) running from different checkouts'
 * builds never serve each other's pages. Outside `dist*`: every app build empties its folder.
 */
/** @returns {string} */
export function benchPagesDir() {
  const dist = process.env.QUJING_DIST;
  const suffix = dist && dist !== 'dist' ? `-${dist.replace(/[^A-Za-z0-9._-]/g, '_')}` : '';
  return `node_modules/.cache/qujing-bench${suffix}`;
}
