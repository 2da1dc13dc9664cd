/** The method section of docs/performance.md and the per-run findings (targets met or missed). */
import type { Row } from './rows';

export const METHOD = `## Method

Everything runs in Debian's Chromium (headless, SwiftShader WebGL2, the flags of
\`scripts/lib/find-chromium.mjs\`), one fresh browser context per measurement, 1920×1080.
Main-thread busy time is Chromium's own \`TaskDuration\` (CDP \`Performance.getMetrics\`), read
before and after a measurement window; long tasks come from a \`PerformanceObserver('longtask')\`
in the page. Bench pages are built by Vite from \`bench/pages\` (\`bench/vite.config.ts\`, output in
\`node_modules/.cache/qujing-bench\`, out of reach of the app build that empties \`dist/\`) and import the wall's own modules; the load comes from \`bench/load-server.ts\`,
the real socket.io server sending frames made by the protocol's encoder (\`shared/protocol\`).

1. **Unit updates.** N units (1k/5k/10k) each report R times a second (1/4 Hz), one positions
   frame per tick as the stream server sends them. *Ours*: \`decodeUnitPositions\` →
   \`UnitTable.applyPositions\` → \`MapLayerBuilder.build\` in the wall's animation loop (copied
   from \`MapView.tsx\`, including gliding and trails) → \`MapboxOverlay\`. *Base A*: the frame
   parsed into a new object array per batch handed to a new \`ScatterplotLayer\`. *Base B*: a
   GeoJSON FeatureCollection per batch into a maplibre \`geojson\` source with \`setData\` and a
   circle layer. Figure: main-thread ms per 1,000 applied updates (all main-thread work
   in the window, drawing included, divided by updates). *Headroom* is how many times the
   current load the main thread could carry (1 s ÷ busy time per second); the ratio of two
   headrooms is the baseline's busy time per second over ours.
2. **Heat map.** N synthetic incidents over 30 days around 40 hot spots. The same sequence
   of changes for each implementation: window 24 h / 7 d / 30 d / 1 h with category masks,
   alternating with playback steps of one hour. Each change is timed from the call to the end
   of the first frame drawn with it (deck.gl \`onAfterRender\`; for maplibre the map's \`idle\`
   event plus one frame). *Ours*: \`MapIncidents\` columns and the \`MapLayerBuilder\` heat path.
   *Base A*: \`Array.filter\` over objects and a new \`HeatmapLayer\`. *Base B*: maplibre's
   \`heatmap\` layer over a GeoJSON source with \`setFilter\`.
3. **Transport.** The same movement sent as binary positions frames or as one socket.io JSON
   event per unit; the page applies it to a \`UnitTable\` (ours) or a \`Map\` of objects, no
   drawing. CPU: main-thread ms per 1,000 updates. Bytes: WebSocket payloads received (CDP
   \`Network.webSocketFrameReceived\`) plus the WebSocket frame header, per update.
4. **Event to pixel.** From the server's timestamp in each frame (\`serverTs\`, epoch ms;
   server and browser share the machine's clock) to the end of the first draw that contains
   it: the page records which data version it handed to deck.gl, \`onBeforeRender\` notes the
   version being drawn and \`onAfterRender\` closes every pending frame at or below it (for
   maplibre, the first \`render\` after the source has loaded the data). The compositor shows
   that draw at the next vsync, so the figure is up to one frame short of photons. Compared
   with the frame interval (median rAF interval in the same window).
5. **Video.** N tiles (1, 2, 4, 6, 9, … 25; quick: 1 and 4 at 360p) of the stream server's demo
   cameras, each played by the wall's own player (\`renderer/video/players\`: hls.js, mpegts.js
   for HTTP-FLV and WS-FLV) in a grid. After every tile shows frames, decoded and dropped
   frames over a window from \`getVideoPlaybackQuality()\`. Smooth: no player error, under 10 %
   dropped and at least 90 % of the stream's 25 fps decoded in every tile (headless Chromium
   seldom counts drops, so the decoded rate is the sharper test). The capacity is the last N
   that was smooth; the ratio is relative to one tile.
6. **Memory over a day.** The built wall — a map window and a 3×3 camera grid touring every
   5 s (real players on the server's demo streams) — against the built stream server at
   \`--speed\` = 86,400 ÷ run length, so 24 simulated hours pass in the run; the server is
   restarted on the same port several times (the wall reconnects and resynchronises). Each
   sample forces a GC (CDP \`HeapProfiler.collectGarbage\`) then reads \`Runtime.getHeapUsage\`,
   \`Memory.getDOMCounters\` and the number of media elements. The first fifth is warm-up; the
   slope is an ordinary least-squares fit per simulated hour with a 95 % confidence
   interval (Student's t).
7. **Start-up.** From nothing running to the first complete wall frame: stream server
   spawned and ready, static server, Chromium launched, map view loaded, until the wall's
   diagnostics report the basemap loaded, data received and units drawn, plus one frame.
   Baseline: the same Chromium launch to a blank page. The Electron binary is not installed
   on this machine, so Electron's own start is not included.

## Targets

- At 10k units at 1 Hz the renderer keeps at least 5× the headroom of the better baseline.
- Event-to-pixel p95 within one frame interval plus 10 ms.
- Memory slope after warm-up indistinguishable from zero (95 % CI includes 0).
- Heat-map window changes over 1M incidents without a long task (> 50 ms).
`;

export function findings(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => x.pass === false)) out.push(`- **Missed:** ${r.item}, ${r.case}: ${r.metric} = ${r.ours ?? '—'} ${r.unit} (target: ${r.target}).`);
  for (const r of rows.filter((x) => x.pass === true)) out.push(`- Met: ${r.item}, ${r.case}: ${r.metric} (target: ${r.target}).`);
  return out;
}

/**
 * What development runs showed and the fixes they point to. Kept as text because the fixes
 * are in renderer code the bench does not change; the bench measures the heat-map fix
 * side by side ("proposed grid pre-aggregation" rows).
 */
export const BOTTLENECKS = `## Bottlenecks and the fixes they point to

- **Per-frame redraw of the unit overlay (largest remaining bottleneck).** While units glide
  (\`UnitMotion\`) the wall re-describes the unit, trail and label layers every animation
  frame (\`renderer/map/MapView.tsx\` \`frame()\` → \`MapLayerBuilder.build\`), so deck.gl redraws
  its full-screen canvas at up to 60 Hz. On the page's main thread this stays cheaper per
  update than both baselines (typed arrays, no per-batch objects), but on software WebGL
  the GPU process rasterises every one of those frames on the CPU, and total CPU per
  update can end up above baseline A, which draws once per batch. Fixes, in order of
  effort: (1) in \`MapView.tsx\` \`frame()\`, lower the \`drawCost > 40\` threshold that
  spaces animation frames out to about 16 ms, and when the WebGL renderer string says
  SwiftShader/llvmpipe, snap instead of glide (draw on data change only); (2) move gliding
  to the GPU: give the unit \`IconLayer\` the previous and next positions as two binary
  attributes and the interpolation factor as a uniform (a small deck.gl \`LayerExtension\`),
  so an animation frame changes one uniform instead of re-uploading \`motion.draw\` for
  every unit; (3) build the trail attributes (\`memo('trails', …)\`) incrementally per batch.
- **Heat map over a million incidents.** Filtering the typed columns
  (\`MapIncidents.filter\`) takes milliseconds; the cost is the \`HeatmapLayer\` splatting
  every filtered record into its weights texture, which on software GL blocks the page for
  seconds with one long task per change. Fix (small, in \`renderer/map/layers.ts\`, the
  \`L.heatmap\` memo): when \`filtered.n\` exceeds ~20,000, sum the filtered positions into a
  384×384 grid over the incidents' bounds and hand the layer only the non-empty cells, with
  the counts as \`getWeight\`, instead of \`filtered.pos\` with weights of 1:

  \`\`\`ts
  // layers.ts, inside this.memo('L.heatmap', filterKey, …)
  const grid = filtered.n > 20_000 ? binToGrid(filtered.pos, filtered.n, 384) : null; // new pure helper in renderer/map/cluster.ts
  const pos = grid ? grid.pos : filtered.pos;
  const weights = grid ? grid.weight : new Float32Array(filtered.n).fill(1);
  const length = grid ? grid.n : filtered.n;
  // data: { length, attributes: { getPosition: { value: pos, size: 2 }, getWeight: { value: weights, size: 1 } } }
  \`\`\`

  A city cell is then ~100 m, far below the 56 px kernel, so the picture is the same; the
  bench's "binned" implementation (\`bench/pages/heat.ts\`) is exactly this and is measured
  next to today's path.
- **JSON per unit does not keep up.** At 10k updates per second one socket.io event per unit
  costs the client an order of magnitude more main-thread time than one binary frame and
  the page falls behind (the transport rows' notes show how much was delivered). Nothing
  to fix on our side; it is why the protocol carries positions in binary frames.
- **maplibre GeoJSON baselines** spend their time in \`setData\`/\`setFilter\` re-tiling in a
  worker: fine for hundreds of points, seconds for tens of thousands.
`;
