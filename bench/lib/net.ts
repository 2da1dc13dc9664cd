/**
 * Net main-thread cost of handling updates: what an implementation's page spends beyond an idle
 * page with everything else (basemap, probe, socket, binary frames, an empty overlay), measured
 * in the same run at the same load. The idle page is measured twice per load (before and after
 * the implementations); its mean is subtracted and the two runs' difference is the noise floor.
 */

/** The smallest net cost (ms per second) a difference of two busy-time readings can resolve here. */
export const MIN_NOISE_FLOOR_MS_PER_S = 1;
/** The same for time the page measures around its own work (performance.now(), microseconds). */
export const MIN_WORK_FLOOR_MS_PER_S = 0.1;

export interface IdleRef {
  /** Idle page busy ms per second, both runs. */
  runs: number[];
  /** Mean of the runs: the fixed cost subtracted from every implementation. */
  busyMsPerSecond: number;
  /** max(|run1 − run2|, the minimum floor): net costs below it are clamped to it. */
  floorMsPerSecond: number;
}

export function idleRef(runs: readonly number[], minFloor = MIN_NOISE_FLOOR_MS_PER_S): IdleRef {
  const ok = runs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return { runs: [...runs], busyMsPerSecond: NaN, floorMsPerSecond: NaN };
  const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
  const spread = ok.length > 1 ? Math.max(...ok) - Math.min(...ok) : 0;
  return { runs: [...runs], busyMsPerSecond: mean, floorMsPerSecond: Math.max(minFloor, spread) };
}

export interface NetCost {
  /** Busy ms per second beyond the idle page, clamped at the noise floor. */
  msPerSecond: number;
  /** The same per 1,000 updates applied. */
  msPer1000: number;
  /** Whether the figure is the floor (the true cost is at most this). */
  atFloor: boolean;
}

/** Net cost of an implementation that was busy `busyMsPerSecond` while applying `updatesPerSecond`. */
export function netCost(busyMsPerSecond: number, updatesPerSecond: number, idle: IdleRef): NetCost {
  if (!Number.isFinite(busyMsPerSecond) || !Number.isFinite(idle.busyMsPerSecond) || !(updatesPerSecond > 0)) return { msPerSecond: NaN, msPer1000: NaN, atFloor: false };
  const raw = busyMsPerSecond - idle.busyMsPerSecond;
  const atFloor = raw <= idle.floorMsPerSecond;
  const msPerSecond = atFloor ? idle.floorMsPerSecond : raw;
  return { msPerSecond, msPer1000: (msPerSecond / updatesPerSecond) * 1000, atFloor };
}

/**
 * Headroom ratio: the better baseline's net cost per 1,000 updates over ours. When ours is at the
 * noise floor the ratio is a lower bound ("≥"); when the better baseline is at the floor too the
 * two cannot be told apart and the ratio is 1 at most as measured.
 */
export function headroomRatio(ours: NetCost, baselines: readonly NetCost[]): { ratio: number | null; atLeast: boolean } {
  const ok = baselines.filter((b) => Number.isFinite(b.msPer1000));
  if (!Number.isFinite(ours.msPer1000) || ours.msPer1000 <= 0 || ok.length === 0) return { ratio: null, atLeast: false };
  const best = ok.reduce((a, b) => (b.msPer1000 < a.msPer1000 ? b : a));
  return { ratio: best.msPer1000 / ours.msPer1000, atLeast: ours.atFloor && !best.atFloor };
}

/**
 * An implementation's cost per update for the headroom: the work it timed around its own code,
 * unless its busy time over the idle page is larger by more than that reading's noise floor.
 * Then the hooks missed work (MapLibre handles its worker's replies outside them), and busy
 * time, resolvable at that size, is the better reading.
 */
export function ownCost(work: NetCost, busy: NetCost, busyFloorMsPerSecond: number): NetCost & { from: 'timed work' | 'busy time' } {
  const missed = Number.isFinite(busy.msPerSecond) && !busy.atFloor && (!Number.isFinite(work.msPerSecond) || busy.msPerSecond - work.msPerSecond > busyFloorMsPerSecond);
  return missed ? { ...busy, from: 'busy time' } : { ...work, from: 'timed work' };
}
