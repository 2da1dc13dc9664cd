/**
 * Deterministic synthetic city data shared by the load server and the bench pages: unit
 * start positions and an incident history of any size, spread over Qujing's urban area.
 * Sizes beyond the simulation's (10k units, 1M incidents) are the point of the bench.
 */
const CENTER = { lon: 103.7962, lat: 25.4899 };

/** Small fast PRNG (mulberry32) so the server and the page agree without sharing state. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function unitStart(i: number): { lon: number; lat: number; heading: number } {
  const r = rng(1000 + i);
  // Denser towards the centre, like a city's patrol coverage.
  const d = 0.12 * Math.sqrt(r());
  const a = r() * Math.PI * 2;
  return { lon: CENTER.lon + d * Math.cos(a) * 1.1, lat: CENTER.lat + d * Math.sin(a), heading: Math.floor(r() * 360) };
}

export interface SyntheticIncident {
  time: number;
  lon: number;
  lat: number;
  category: number;
  priority: 1 | 2 | 3;
  district: number;
}

/** `n` incidents over the 30 days before `now`, clustered around hot spots. */
export function syntheticIncidents(n: number, now: number, categories: number, districts: number): SyntheticIncident[] {
  const r = rng(42);
  const spots = Array.from({ length: 40 }, () => ({ lon: CENTER.lon + (r() - 0.5) * 0.3, lat: CENTER.lat + (r() - 0.5) * 0.25 }));
  const out: SyntheticIncident[] = new Array(n);
  const span = 30 * 86_400_000;
  for (let i = 0; i < n; i++) {
    const s = spots[Math.floor(r() * spots.length)]!;
    const d = 0.02 * Math.sqrt(-2 * Math.log(r() + 1e-12));
    const a = r() * Math.PI * 2;
    out[i] = {
      time: now - Math.floor(r() * span),
      lon: s.lon + d * Math.cos(a),
      lat: s.lat + d * Math.sin(a),
      category: Math.floor(r() * categories),
      priority: (1 + Math.floor(r() * 3)) as 1 | 2 | 3,
      district: Math.floor(r() * districts),
    };
  }
  return out;
}
