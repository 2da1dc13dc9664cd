// Where the build goes and where everything that runs the build looks for it: `dist/`, or
// QUJING_DIST, so that tests or a bench can run from a private build while dist/ is being
// rebuilt. It must be a folder inside the checkout (e.g. `dist-bench`): the built server
// finds its npm packages in the checkout's node_modules.
export function distDir() {
  return process.env.QUJING_DIST || 'dist';
}
