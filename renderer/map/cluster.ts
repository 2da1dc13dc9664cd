/**
 * Screen-grid clustering for street zoom: points falling in the same cell of `cellPx`
 * pixels at a zoom level are merged into one marker at their mean position, with a count
 * and the most urgent priority (lowest number) or a key (e.g. camera kind) kept apart.
 * Works in Web Mercator world coordinates so clusters do not change while panning. Pure.
 */

export interface Clusters {
  n: number;
  /** Interleaved [lon, lat] of each cluster's mean position. */
  positions: Float32Array;
  counts: Uint32Array;
  /** Minimum of `rank` over members (e.g. priority 1 = most urgent). */
  rank: Uint8Array;
  /** The key the cluster was grouped by (0 when ungrouped). */
  key: Uint8Array;
  /** Members with the `flag` bit set (e.g. offline cameras). */
  flagged: Uint32Array;
  /** For a single-member cluster, that member's index; -1 otherwise. */
  single: Int32Array;
}

/** Web Mercator world size in pixels at `zoom` (512-pixel tiles, as MapLibre and deck.gl use). */
export function worldSize(zoom: number): number {
  return 512 * 2 ** zoom;
}

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercatorY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

export interface ClusterInput {
  /** Interleaved [lon, lat]. */
  positions: ArrayLike<number>;
  /** Which records to use; all `count` when absent. */
  indices?: ArrayLike<number>;
  count: number;
  rank?: ArrayLike<number>;
  key?: ArrayLike<number>;
  flag?: ArrayLike<number>;
}

export function gridCluster(input: ClusterInput, zoom: number, cellPx: number): Clusters {
  const size = worldSize(zoom) / cellPx;
  const n = input.indices ? input.indices.length : input.count;
  const cells = new Map<number, number>();
  const sx: number[] = [];
  const sy: number[] = [];
  const cnt: number[] = [];
  const rank: number[] = [];
  const key: number[] = [];
  const flagged: number[] = [];
  const single: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = input.indices ? input.indices[k]! : k;
    const lon = input.positions[i * 2]!;
    const lat = input.positions[i * 2 + 1]!;
    const cx = Math.floor(mercatorX(lon) * size);
    const cy = Math.floor(mercatorY(lat) * size);
    const kk = input.key ? input.key[i]! : 0;
    // Cell ids: 2^zoom*512/cellPx < 2^22 for zoom <= 16, so x*2^22 + y fits a double exactly; key on top.
    const id = (kk * 4_194_304 + cx) * 4_194_304 + cy;
    let c = cells.get(id);
    if (c === undefined) {
      c = cnt.length;
      cells.set(id, c);
      sx.push(0);
      sy.push(0);
      cnt.push(0);
      rank.push(255);
      key.push(kk);
      flagged.push(0);
      single.push(i);
    }
    sx[c]! += lon;
    sy[c]! += lat;
    cnt[c]!++;
    if (cnt[c]! > 1) single[c] = -1;
    const r = input.rank ? input.rank[i]! : 0;
    if (r < rank[c]!) rank[c] = r;
    if (input.flag && input.flag[i]) flagged[c]!++;
  }
  const m = cnt.length;
  const out: Clusters = {
    n: m,
    positions: new Float32Array(m * 2),
    counts: new Uint32Array(cnt),
    rank: new Uint8Array(rank),
    key: new Uint8Array(key),
    flagged: new Uint32Array(flagged),
    single: new Int32Array(single),
  };
  for (let c = 0; c < m; c++) {
    out.positions[c * 2] = sx[c]! / cnt[c]!;
    out.positions[c * 2 + 1] = sy[c]! / cnt[c]!;
  }
  return out;
}
