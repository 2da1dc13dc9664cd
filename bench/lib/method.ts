/** The method section of docs/performance.md and the per-run findings (targets met or missed). */
import type { Row } from './rows';
import { fmt } from './report';

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
   \`UnitTable.applyPositions\` → \`MapLayerBuilder.build\` once per batch in the wall's animation
   loop (\`renderer/map/frameLoop.ts\`, the same module \`MapView.tsx\` runs); units glide between reports
   (in the vertex shader, \`glide-layer.ts\`: a frame only redraws the unit layer with a new clock
   uniform) only when the batch moves some unit by a pixel or more at the current zoom and one draw
   costs under 40 ms; otherwise they are drawn at their reports once per batch. From 2,000 units
   below street zoom units are status-coloured dots instead of heading arrows, and trails show
   from street zoom on; the bench page's city zoom (11) therefore draws dots → \`MapboxOverlay\`. *Base A*: the frame
   parsed into a new object array per batch handed to a new \`ScatterplotLayer\`. *Base B*: a
   GeoJSON FeatureCollection per batch into a maplibre \`geojson\` source with \`setData\` and a
   circle layer. Ours draws on the wall's overlay canvas (\`renderer/map/overlay.ts\`: no
   multisampling, no preserved drawing buffer) and hands a new batch to deck.gl within the frame
   that builds it; as on the wall, its frame loop and deck.gl's own loop sleep while nothing
   changes (\`sleepWhenIdle\` in \`overlay.ts\`, \`runFrameLoop\`: woken by the batch, the map and a
   one-second clock tick), the heat map's canvas sits below (empty here) and the district names
   are page text over the map (\`district-labels.ts\`). The baselines keep deck.gl's and
   maplibre's defaults. *Idle*: everything that
   is not an implementation's handling of updates — the same basemap, probe (rAF frame counting,
   long-task observer), socket.io connection and binary frames at the same load, and an empty
   \`MapboxOverlay\` (deck.gl's canvas and animation loop, no layer); it reads each frame's record
   count from the header and decodes and draws nothing. Every page is ready once its first batch
   is drawn (the idle page: at its first frame), so the warm-up does not measure start-up.
   Per load the idle page is measured before and after the three implementations (fresh page,
   same duration each). Figures: *gross* main-thread ms per 1,000 applied updates (all
   main-thread work in the window, drawing included, divided by updates) and busy ms per second;
   *net* ms per 1,000 updates = (busy ms/s − mean idle busy ms/s) ÷ updates per second × 1,000.
   The noise floor is max(|idle₁ − idle₂|, 1 ms/s): a net cost below it is clamped to it and
   marked, since the true cost is at most that. Caveat: part of the idle cost is per frame (rAF,
   frame production) and the idle page runs at the full frame rate; a page whose draws lower its
   frame rate (see the fps note) spends less there, so its net figure can come out low.
   *Own work*: each page also times, with \`performance.now()\` around the calls, the main-thread
   work of its implementation: the socket handler (decode, build, \`setProps\`/\`setData\`), ours'
   frame loop, every deck.gl overlay's render callback (layer and attribute updates, the draw)
   and MapLibre's render (B's circles and the basemap when it repaints). Minor GCs triggered by
   that code's allocations fall inside it; idle-time GC does not. B's worker replies, handled on
   the main thread outside those calls, are not timed: where an implementation's busy time net
   of idle exceeds its timed work by more than the busy noise floor, the busy figure is its
   cost (the row's note names which). The idle page times the
   same hooks (its empty deck.gl loop, the header read). Its overlay keeps deck.gl's default loop,
   which runs a frame of its own at every animation frame, as the baselines' do; ours' does not, so
   ours is credited with that saving (about 3 ms/s here) in the net figure, and the note beside
   the row gives every page's gross own work. Own work net of idle has a floor of the
   two idle runs' spread (at least 0.1 ms/s). *Headroom* is how many times today's load the main
   thread could carry beyond the page's fixed cost; the ratio of two headrooms is the better
   baseline's own-work ms per 1,000 updates over ours, printed "≥ N×" when ours is at the floor
   (and the baseline is not). The busy-time net rows stay as a cross-check.
2. **Heat map.** N synthetic incidents over 30 days around 40 hot spots. The same sequence
   of changes for each implementation: window 24 h / 7 d / 30 d / 1 h with category masks,
   alternating with playback steps of one hour. Each change is timed from the call to the end
   of the first frame drawn with it (deck.gl \`onAfterRender\`; for maplibre the map's \`idle\`
   event plus one frame). *Ours*: \`MapIncidents\` columns and the \`MapLayerBuilder\` heat path.
   Above 20,000 filtered records that path sums them into a grid of ~55 m cells and splats
   one weighted point per occupied cell (\`renderer/map/heatgrid.ts\`).
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
   with the frame interval (median rAF interval in the same window). Two figures: *first
   frame showing the movement* (ours starts gliding towards the new report in that frame;
   the baselines jump there) — the target applies to this one; and *frame with the marker
   arrived*: the first draw after ours' one-second glide towards that report is over (the
   baselines: the same frame as the first). The second is longer by design, not a delay.
   The p95 row's note gives the part from the server timestamp to the page's socket handler
   (server encoding, socket.io, the page's event loop); the rest is the page's build and draw.
5. **Video.** N tiles (1, 2, 4, 6, 9, … 25; quick: 1 and 4 at 360p) of the stream server's demo
   cameras, each played by the wall's own player (\`renderer/video/players\`: hls.js, mpegts.js
   for HTTP-FLV and WS-FLV) in a grid. After every tile shows frames, decoded and dropped
   frames over a window from \`getVideoPlaybackQuality()\`. Smooth: no player error, under 10 %
   dropped and at least 90 % of the stream's 25 fps decoded in every tile (headless Chromium
   seldom counts drops, so the decoded rate is the sharper test). The capacity is the last N
   that was smooth; the ratio is relative to one tile.
6. **Memory over a day.** The built wall — a map window and a 3×3 camera grid touring 36
   cameras every 15 s, as a control room configures a tour (real players on the server's demo
   streams) — against the built stream server at
   \`--speed\` = 86,400 ÷ run length, so 24 simulated hours pass in the run (full run 600 s at
   \`--speed 144\`, a sample every 10 s; quick run 40 s, every 2 s); the server is
   restarted on the same port several times (the wall reconnects and resynchronises). Each
   sample forces a GC (CDP \`HeapProfiler.collectGarbage\`) then reads \`Runtime.getHeapUsage\`,
   \`Memory.getDOMCounters\` and the number of media elements. Before the first sample the
   wall goes through a six-second server outage (a tile tries its next protocol 300 ms after
   one fails, so there is time to try them all: reconnect, resync and the fallback players'
   code run before the measurement) and then runs three real minutes (quick run: a two-second
   outage, then 5 s); the first fifth of the samples is warm-up too; the slope is an ordinary least-squares fit per simulated hour with a 95 % confidence
   interval (Student's t).
7. **Start-up.** From nothing running to the first complete wall frame: stream server
   spawned and ready, static server, Chromium launched, map view loaded, until the wall's
   diagnostics report the basemap loaded, data received and units drawn, plus one frame.
   Baseline: the same Chromium launch to a blank page. The Electron binary is not installed
   on this machine, so Electron's own start is not included.

## Targets

- At 10k units at 1 Hz the renderer keeps at least 5× the headroom of the better baseline (own work timed in the page, net of the idle page).
- Event-to-pixel p95 within one frame interval plus 10 ms.
- Memory slope after warm-up indistinguishable from zero (95 % CI includes 0).
- Heat-map window changes over 1M incidents without a long task (> 50 ms).
`;

export function findings(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => x.pass === false)) out.push(`- **Missed:** ${r.item}, ${r.case}: ${r.metric} = ${fmt(r.ours)} ${r.unit} (target: ${r.target}).`);
  for (const r of rows.filter((x) => x.pass === true)) out.push(`- Met: ${r.item}, ${r.case}: ${r.metric} (target: ${r.target}).`);
  return out;
}

/**
 * What development runs showed and the fixes they point to. Kept as text because the fixes
 * are in renderer code the bench does not change.
 */
export const BOTTLENECKS = `## Bottlenecks and the fixes they point to

- **Unit overlay on software GL.** One draw of the unit overlay is rasterised by the GPU
  process on the CPU (SwiftShader). Measured with \`bench/look.ts\` (10k units, zoom 11), the
  textured heading arrows were the cost: one draw took over a second at 22 px and grew
  faster than the icon's area, while 6 px icons or a dot layer drew in about 100 ms; trails
  (ten points per unit) doubled it. The wall now draws only what shows: a glide frame only
  when the batch moves some unit by a pixel or more at the current zoom (at city zoom a 1 Hz
  report of a car is a fraction of a pixel), never while one draw costs over 40 ms (units then
  snap once per batch; \`wallDiagnostics().map.glide\` says which and why), dots instead of
  arrows for thousands of units below street zoom, trails from street zoom, and the same layer
  instances are not handed to deck.gl again (which would redraw the canvas). What remains on
  software GL is one draw per batch of the whole overlay canvas, as for the baselines.
- **Per-batch work of the unit overlay.** Profiled at 10k units (\`LOOK_PROFILE=1 tsx bench/look.ts\`
  prints self time and the inclusive time per batch of the named steps): a position record finds
  its row through a typed slot index instead of a Map; a batch that will not glide (dense dots, a
  slow renderer) lands in the same pass as its bookkeeping instead of a second pass; WGS-84
  positions are not copied; heading angles are written only for arrows; staleness reads heard
  times by row (refreshed only when a unit is upserted) instead of a Map lookup per unit per
  second; the dots' colour attribute is a new object (an upload) only when a colour changed.
  What remains per batch is deck.gl's own draw call, as for the baselines.
- **The overlay canvas on software GL.** WebGL's default context multisamples and luma.gl asks
  for a preserved drawing buffer: on SwiftShader both are paid per pixel of the full canvas on
  every draw. The wall's overlay has neither (\`renderer/map/overlay.ts\`; every layer smooths its
  own edges in its shader) and draws a new batch within the frame that built it (\`drawNow\`
  runs deck.gl's whole frame: \`setProps\` only queues new layers, and \`Deck.redraw()\` alone
  drew nothing new) rather than at deck.gl's next animation frame.
- **What ours costs at 10k units @ 1 Hz** (own work by part, in each row's note and in
  \`tsx bench/ab.ts\`): about 0.2–0.3 ms/s in the socket handler, about 1 ms/s in the wall's
  frame loop (the build once per batch: motion bookkeeping and the dot layer for 10k rows) and
  about 2 ms/s for deck.gl to take the new layer in and draw it; nothing between batches. Two
  changes took it there from 9–11 ms/s. deck.gl's own loop ran a whole frame of its own at every
  animation frame (about 3 ms/s per overlay, as on the idle page) and the wall's frame loop
  polled its key every frame: both now sleep until the batch, the map, the pointer or a clock
  tick wakes them (\`sleepWhenIdle\` in \`overlay.ts\`, \`runFrameLoop\`). The district names were
  a deck.gl text layer redrawn with every batch, costlier to draw than the 10k dots (0.63 ms
  against 0.32 ms per draw, 0.16 ms with nothing); they are page text over the map now
  (\`district-labels.ts\`). A canvas of their own cost the compositor a full-screen blend per
  frame instead (the map with every layer on fell from 52 to 23 fps). What remains per batch is
  deck.gl's update and draw call; drawing the overlay from a worker on an \`OffscreenCanvas\`
  would take that off the main thread too.
- **Event to pixel at 10k updates/s is mostly transport on this machine.** The idle page, which
  receives the same frames and does nothing else, takes 8–15 ms (p50) and 13–20 ms (p95) from
  the server's timestamp to its socket handler for a 160 KB frame; the GPU process rasterising
  in software shares the two cores. Ours adds the wait for the next frame (up to one frame
  interval) and about 5 ms of build and draw. A wire format with position deltas (half the
  bytes) or the frame split into slices would cut the transport; a GPU would cut both.
- **Heat map over a million incidents.** The \`L.heatmap\` memo in
  \`renderer/map/layers.ts\` sums more than 20,000 filtered records into ~55 m grid cells
  (\`renderer/map/heatgrid.ts\`) and splats one weighted point per occupied cell: a few
  pixels at the zooms where the heat shows, against a 56 px kernel, so the picture is the
  same while the splatting drops from a million points to the occupied cells. Each record's
  cell is found once, against a grid over every record kept (\`MapIncidents.heatGrid\`), so a
  window change filters the time and category columns and counts cells, and writes the occupied
  cells into two buffers used in turn: fresh megabytes per change cost more in page faults here
  than the counting. A change over 1M records takes 12 ms in Node (it took 52–65 ms).
- **JSON per unit does not keep up.** At 10k updates per second one socket.io event per unit
  costs the client an order of magnitude more main-thread time than one binary frame and
  the page falls behind (the transport rows' notes show how much was delivered). Nothing
  to fix on our side; it is why the protocol carries positions in binary frames.
- **maplibre GeoJSON baselines** spend their time in \`setData\`/\`setFilter\` re-tiling in a
  worker: fine for hundreds of points, seconds for tens of thousands.
- **Heap slopes of the day's soak.** Ten minutes of real time (a simulated day) is short for a
  browser's caches to settle. \`npx tsx bench/heapdiff.ts --view map|cameras\` compares two heap
  snapshots taken after GC and names what grew and what holds it. On the map view over 19
  simulated hours (+0.6 MiB) it was V8's compiled code (+424 KB, tiering up), native objects
  (+124 KB) and heap numbers, with fewer JS objects and strings than before: no data
  accumulating. On the cameras view (+0.6 MiB over 12 simulated hours) it was stream URLs
  that V8 externalises when a tile first opens a camera (bounded by the cameras × their
  streams), Blink's style caches, compiled code and the performance-timeline buffers, which the
  browser caps (150 layout shifts, 200 long animation frames). Touring the soak's 36 cameras
  (\`--view cameras --warmup 180 --minutes 6\`, 14 simulated hours, +0.29 MiB) the stream URLs
  are gone from the diff and what grew is native: Blink's style and font caches (CSS variable
  data +86 KB, computed styles +32 KB, fonts +28 KB), compiled code (+33 KB) and long-task
  entries, with fewer JS objects and no more string bytes than before. The soak's rows give the records
  the wall keeps by design next to the heap, so data kept on purpose is not mistaken for a leak.
  An hour of a 16-tile touring grid in real time (\`npm run soak -- --minutes 60 --view cameras
  --layout 16 --tour 15\`) found the heap flat after five minutes (−0.39 ± 0.19 MiB/h).
  The soak's slope is per simulated hour while this settling runs on real time, so ten real
  minutes turn it into a small, very tight slope (+0.3–0.6 MiB over the run, ± 0.006–0.016
  MiB/h) that the two-sided test counts as growth; a DOM count that shrinks (466 → 457 nodes)
  fails it the same way. The soak therefore lets the wall run three real minutes before
  its first sample, and its camera grid tours a configured set of 36 cameras that comes round
  every minute: with a tour over all 7,000 demo cameras every page opens cameras never opened
  before, for hours, and each first opening keeps a bounded cost (its stream URLs,
  externalised: about 0.4 KB a camera in the heap diff above), which a slope cannot tell from
  a leak. Round after round of the same
  cameras, anything a tile kept per opening would show.
  An hour in real time of that same tour (\`npm run soak -- --minutes 60 --view cameras --layout 9
  --tour 15 --cameras <the 36>\`, 2,599 players opened, 55 faults and restarts) shows the
  settling: the heap after GC averaged 19.7, 20.8, 21.6, 22.2, 22.1 and 22.3 MiB in its six
  ten-minute spans, 4.7 ± 0.4 MiB per real hour over minutes 5–30 and 0.4 ± 0.2 over minutes
  30–60; the simulation ran 20 hours in that hour, and the wall keeps a month of incidents by
  design. The soak's ten real minutes sit inside that settling.
  **What settles is V8's optimised code.** Two map windows side by side, each against its own
  server at \`--speed 144\`, four real minutes of warm-up, then a sample every 10 s for six
  minutes: with Chromium's defaults the heap after GC rose from about 22.4 to 22.7 MiB between
  its spikes; with \`--js-flags=--max-opt=0\` (V8's tiers above its interpreter off) it
  stayed at 16.0–16.1 MiB from the first sample to the last. The 6.5 MiB between the two is
  optimised code and its feedback; V8 replaces a function's code when it re-optimises it, so
  this should level off at a size set by the wall's own code (not measured past the hour of
  stop 16's camera soak). The cameras window took a step of about 1 MiB in
  the middle of earlier runs: it fetches hls.js when a tile first falls back to HLS, at
  whichever restart first causes a fallback. The warm-up's outage now makes that happen
  before the first sample, and the cameras slope fell from 0.05–0.09 to 0.02 MiB per
  simulated hour.
`;
