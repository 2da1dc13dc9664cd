/** The fixed infrastructure: cameras and drainage sensors. */
import type { Camera, DrainageSensor } from '../../shared/protocol';
import { DISTRICT_CODES, QILIN_CENTRE, districtName } from '../../shared/geo';
import type { Rng } from './random';
import { SEATS, sampleInDistrict, sampleNear, type Point } from './geo-index';
import { CATCHMENTS, DEV_ZONE, POPULATION, QILIN, STREETS, catchmentAt } from './places';

export const CAMERA_COUNTS = { hd: 6400, face: 376, epolice: 224 } as const;

function crossingName(rng: Rng, p: Point, n: number): string {
  const a = rng.pick(STREETS);
  let b = rng.pick(STREETS);
  while (b === a) b = rng.pick(STREETS);
  return `${districtName(p.district)}·${a}与${b}交叉口 ${String(n).padStart(2, '0')}`;
}

/** ~45 % within ~8 km of the city centre, the rest around county seats and along roads by population. */
export function generateCameras(rng: Rng): Camera[] {
  const kinds: Camera['kind'][] = [];
  for (const [kind, n] of Object.entries(CAMERA_COUNTS) as [Camera['kind'], number][]) {
    for (let i = 0; i < n; i++) kinds.push(kind);
  }
  const weights = DISTRICT_CODES.map((c) => POPULATION[c]);
  return kinds.map((kind, i) => {
    let p: Point | null;
    // Face-recognition points sit in crowded places: mostly the centre.
    const central = kind === 'face' ? 0.6 : 0.45;
    if (rng.chance(central)) p = sampleNear(rng, QILIN_CENTRE.lon, QILIN_CENTRE.lat, 3200, null, 8000);
    else {
      const code = DISTRICT_CODES[rng.weighted(weights)]!;
      p = rng.chance(0.7) ? sampleNear(rng, SEATS[code].lon, SEATS[code].lat, 2500, code) : null;
      p ??= sampleInDistrict(rng, code);
    }
    p ??= sampleInDistrict(rng, QILIN);
    const suffix = kind === 'face' ? ' 人脸' : kind === 'epolice' ? ' 电子警察' : '';
    return {
      id: `cam-${String(i + 1).padStart(5, '0')}`,
      name: crossingName(rng, p, 1 + rng.int(12)) + suffix,
      kind,
      district: p.district,
      lon: p.lon,
      lat: p.lat,
      online: true,
      streams: [],
    };
  });
}

export const SENSOR_COUNT = 300;

export interface SensorPlan {
  sensor: DrainageSensor;
  /** Dry-weather level, m. */
  base: number;
  /** Metres of rise per 30 mm/h of rain: low spots and undersized pipes rise most. */
  sensitivity: number;
  /** Pipe capacity factor for the flow figure. */
  pipe: number;
}

/** NB-IoT level sensors in the city centre and the development zone (both in Qilin). */
export function generateSensors(rng: Rng, t: number): SensorPlan[] {
  const plans: SensorPlan[] = [];
  const perCatchment = new Map<string, number>();
  while (plans.length < SENSOR_COUNT) {
    const inZone = rng.chance(0.35);
    const c = inZone ? DEV_ZONE : QILIN_CENTRE;
    const p = sampleNear(rng, c.lon, c.lat, inZone ? 1600 : 2300, QILIN);
    if (!p) continue;
    const catchment = catchmentAt(p.lon, p.lat);
    const n = (perCatchment.get(catchment) ?? 0) + 1;
    perCatchment.set(catchment, n);
    const warnLevel = round(rng.range(0.6, 1.0), 2);
    const alarmLevel = round(Math.min(1.6, Math.max(1.0, warnLevel + rng.range(0.35, 0.6))), 2);
    const base = rng.range(0.05, 0.35);
    const intervalS = rng.pick([60, 120, 180, 300]);
    const i = plans.length + 1;
    plans.push({
      base,
      sensitivity: 0.15 + 1.25 * rng.next() ** 3,
      pipe: rng.range(0.5, 1.5),
      sensor: {
        id: `ds-${String(i).padStart(4, '0')}`,
        name: `${rng.pick(STREETS)}雨水检查井 ${String(n).padStart(3, '0')}`,
        district: p.district,
        catchment,
        lon: p.lon,
        lat: p.lat,
        level: round(base, 3),
        flow: 0,
        warnLevel,
        alarmLevel,
        state: 'normal',
        battery: round(rng.range(40, 100), 1),
        signalDbm: Math.round(rng.range(-115, -75)),
        reportedAt: t - rng.int(intervalS) * 1000,
        intervalS,
        rainMmH: 0,
      },
    });
  }
  return plans;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export { CATCHMENTS };
