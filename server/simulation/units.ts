/** Police units: the legal status transitions, the fleet, and how fast each kind moves. */
import type { Unit, UnitKind, UnitStatus } from '../../shared/protocol';
import { DISTRICT_CODES, type DistrictCode } from '../../shared/geo';
import type { Rng } from './random';
import { SEATS, sampleInDistrict, sampleNear } from './geo-index';
import { DEV_ZONE, DISTRICT_SHORT, POPULATION, QILIN } from './places';

/**
 * Which status may follow which. Standby units are at the station and become dispatchable
 * (available) before they can be sent out; a unit coming back from a job returns to patrol or
 * to its post.
 */
export const UNIT_TRANSITIONS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  on_duty: ['patrol', 'dispatched'],
  patrol: ['on_duty', 'standby', 'dispatched'],
  standby: ['patrol', 'available'],
  available: ['standby', 'dispatched'],
  dispatched: ['patrol', 'on_duty'],
};

export function isLegalTransition(from: UnitStatus, to: UnitStatus): boolean {
  return UNIT_TRANSITIONS[from].includes(to);
}

/** Mean time in each non-dispatched status and where a unit goes next (weights), tuned for ~25/35/20/10/10 %. */
export const STATUS_DWELL_MIN: Record<Exclude<UnitStatus, 'dispatched'>, number> = {
  on_duty: 75,
  patrol: 55,
  standby: 50,
  available: 55,
};
export const STATUS_NEXT: Record<Exclude<UnitStatus, 'dispatched'>, readonly [UnitStatus, number][]> = {
  on_duty: [['patrol', 1]],
  patrol: [
    ['on_duty', 0.55],
    ['standby', 0.45],
  ],
  standby: [
    ['patrol', 0.5],
    ['available', 0.5],
  ],
  available: [['standby', 1]],
};

const KINDS: readonly UnitKind[] = ['car', 'motorcycle', 'foot', 'special'];
const KIND_WEIGHTS = [0.45, 0.2, 0.3, 0.05];
const KIND_CHAR: Record<UnitKind, string> = { car: '巡', motorcycle: '摩', foot: '步', special: '特' };

/** Cruise speed, m/s: foot ~1.4, motorcycles and cars at urban driving speeds. */
export function cruiseSpeed(rng: Rng, kind: UnitKind): number {
  switch (kind) {
    case 'foot':
      return rng.range(1.2, 1.6);
    case 'motorcycle':
      return rng.range(6, 10);
    case 'car':
      return rng.range(8, 14);
    case 'special':
      return rng.range(8, 12);
  }
}

export const UNIT_COUNT = 800;

export interface UnitPlan {
  unit: Unit;
  homeLon: number;
  homeLat: number;
  cruise: number;
}

/** Spread by population, with the city district carrying the heaviest police presence. */
export function generateUnits(rng: Rng, t: number): UnitPlan[] {
  const weights = DISTRICT_CODES.map((c) => POPULATION[c] * (c === QILIN ? 2.5 : 1));
  const counters = new Map<string, number>();
  const plans: UnitPlan[] = [];
  const initial: UnitStatus[] = ['on_duty', 'patrol', 'standby', 'available'];
  for (let i = 0; i < UNIT_COUNT; i++) {
    const district: DistrictCode = DISTRICT_CODES[rng.weighted(weights)]!;
    const kind = KINDS[rng.weighted(KIND_WEIGHTS)]!;
    let home = null;
    if (district === QILIN && rng.chance(0.2)) home = sampleNear(rng, DEV_ZONE.lon, DEV_ZONE.lat, 1500, district);
    else if (rng.chance(kind === 'foot' ? 0.95 : 0.8)) {
      home = sampleNear(rng, SEATS[district].lon, SEATS[district].lat, district === QILIN ? 3000 : 2000, district);
    }
    home ??= sampleInDistrict(rng, district);
    const key = `${district}${kind}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const status = initial[rng.weighted([0.28, 0.39, 0.22, 0.11])]!;
    plans.push({
      unit: {
        id: `u-${String(i + 1).padStart(4, '0')}`,
        slot: i,
        callsign: `${DISTRICT_SHORT[district]}-${KIND_CHAR[kind]}${String(n).padStart(2, '0')}`,
        kind,
        status,
        district,
        lon: home.lon,
        lat: home.lat,
        heading: rng.range(0, 360),
        speed: 0,
        incidentId: null,
        updatedAt: t,
      },
      homeLon: home.lon,
      homeLat: home.lat,
      cruise: cruiseSpeed(rng, kind),
    });
  }
  return plans;
}
