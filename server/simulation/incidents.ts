/** Incident categories, priorities, wording, locations, and the 30-day history. */
import type { HistoryRecord } from '../../shared/protocol';
import type { Incident, IncidentCategory } from '../../shared/protocol';
import { DISTRICT_CODES, districtName, type DistrictCode } from '../../shared/geo';
import type { Rng } from './random';
import { SEATS, sampleInDistrict, sampleNear, type Point } from './geo-index';
import { CITY_HOTSPOTS, HOURLY_WEIGHT, POPULATION, STREETS, localHour, QILIN } from './places';

export const HISTORY_DAYS = 30;
export const DAY_MS = 86_400_000;
/** Mean incidents per day over the whole prefecture. */
export const INCIDENTS_PER_DAY = 2000;

const CATEGORIES: readonly IncidentCategory[] = [
  'theft',
  'traffic',
  'dispute',
  'fraud',
  'fight',
  'other',
  'missing',
  'fire',
  'snatching',
  'robbery',
];
const CATEGORY_WEIGHTS = [0.32, 0.2, 0.18, 0.1, 0.07, 0.06, 0.03, 0.02, 0.015, 0.005];
/** Evening and night shift the mix towards fights, disputes and snatching. */
const NIGHT_CATEGORY_WEIGHTS = [0.28, 0.16, 0.22, 0.06, 0.13, 0.06, 0.02, 0.02, 0.04, 0.01];

/** [P(1), P(2)] per category; the rest is priority 3. */
const PRIORITY: Record<IncidentCategory, [number, number]> = {
  robbery: [0.6, 0.4],
  fire: [0.4, 0.5],
  snatching: [0.15, 0.6],
  fight: [0.05, 0.45],
  missing: [0.03, 0.5],
  traffic: [0.01, 0.25],
  fraud: [0.005, 0.15],
  theft: [0.002, 0.1],
  dispute: [0.002, 0.08],
  other: [0, 0.05],
};

const SUMMARIES: Record<IncidentCategory, readonly string[]> = {
  theft: ['电动车被盗', '手机被盗', '入室盗窃', '车内财物被盗', '店铺货物被盗', '钱包被扒窃'],
  robbery: ['持械抢劫', '拦路抢劫财物'],
  snatching: ['飞车抢夺手机', '抢夺挎包'],
  fight: ['酒后斗殴', '多人打架', '烧烤摊发生殴斗'],
  fraud: ['电信网络诈骗', '冒充客服诈骗', '刷单返利诈骗', '网购退款诈骗'],
  traffic: ['两车刮擦，无人员受伤', '机动车与电动车相撞，一人受伤', '追尾事故，造成拥堵', '行人被撞受伤'],
  dispute: ['邻里纠纷', '消费纠纷', '家庭纠纷', '劳资纠纷', '停车纠纷'],
  fire: ['居民楼厨房起火', '电动车充电起火', '垃圾堆起火'],
  missing: ['老人走失', '儿童走失'],
  other: ['噪音扰民', '醉酒人员倒地', '可疑人员徘徊', '求助开锁'],
};

export function drawCategory(rng: Rng, t: number): IncidentCategory {
  const h = localHour(t);
  const night = h >= 19 || h < 3;
  return CATEGORIES[rng.weighted(night ? NIGHT_CATEGORY_WEIGHTS : CATEGORY_WEIGHTS)]!;
}

export function drawPriority(rng: Rng, category: IncidentCategory): 1 | 2 | 3 {
  const [p1, p2] = PRIORITY[category];
  const r = rng.next();
  return r < p1 ? 1 : r < p1 + p2 ? 2 : 3;
}

export function summaryFor(rng: Rng, category: IncidentCategory): string {
  return rng.pick(SUMMARIES[category]);
}

export function addressFor(rng: Rng, district: DistrictCode): string {
  return `${districtName(district)}${rng.pick(STREETS)}${1 + rng.int(280)}号附近`;
}

const SEAT_WEIGHTS = DISTRICT_CODES.map((c) => (c === QILIN ? 0 : POPULATION[c]));
const DIFFUSE_WEIGHTS = DISTRICT_CODES.map((c) => POPULATION[c]);

/**
 * Where an incident happens: half in the city centre and its hotspots (night markets
 * weigh more in the evening), a third around the county seats, the rest anywhere.
 */
export function incidentLocation(rng: Rng, t: number): Point {
  const h = localHour(t);
  const night = h >= 18 || h < 2;
  const r = rng.next();
  let p: Point | null = null;
  if (r < 0.5) {
    const hs = CITY_HOTSPOTS[rng.weighted(CITY_HOTSPOTS.map((s) => s.weight * (s.night && night ? 2.5 : 1)))]!;
    p = sampleNear(rng, hs.lon, hs.lat, hs.sigmaM);
  } else if (r < 0.85) {
    const code = DISTRICT_CODES[rng.weighted(SEAT_WEIGHTS)]!;
    const seat = SEATS[code];
    p = sampleNear(rng, seat.lon, seat.lat, 1500 + rng.next() * 1500, code);
  }
  return p ?? sampleInDistrict(rng, DISTRICT_CODES[rng.weighted(DIFFUSE_WEIGHTS)]!);
}

/**
 * About INCIDENTS_PER_DAY × 30 records before `end`, sorted by time, following the
 * hour-of-day rhythm with a little day-to-day variation (weekends busier).
 */
export function generateHistory(rng: Rng, end: number): HistoryRecord[] {
  const start = end - HISTORY_DAYS * DAY_MS;
  const hours = HISTORY_DAYS * 24;
  const hourStart = Math.floor(start / 3600_000) * 3600_000;
  const weights: number[] = [];
  const dayFactor: number[] = [];
  for (let d = 0; d <= HISTORY_DAYS + 1; d++) dayFactor.push(0.9 + rng.next() * 0.2);
  for (let i = 0; i <= hours; i++) {
    const t = hourStart + i * 3600_000;
    const day = Math.floor((t - hourStart) / DAY_MS);
    // 1970-01-01 was a Thursday (4).
    const weekday = (Math.floor((t + 8 * 3600_000) / DAY_MS) + 4) % 7;
    weights.push(HOURLY_WEIGHT[localHour(t)]! * dayFactor[day]! * (weekday === 0 || weekday === 6 ? 1.1 : 1));
  }
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  const n = Math.round(INCIDENTS_PER_DAY * HISTORY_DAYS * (0.97 + rng.next() * 0.06));
  const records: HistoryRecord[] = [];
  while (records.length < n) {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const time = Math.floor(hourStart + lo * 3600_000 + rng.next() * 3600_000);
    if (time < start || time >= end) continue;
    const category = drawCategory(rng, time);
    const p = incidentLocation(rng, time);
    records.push({ time, lon: p.lon, lat: p.lat, category, priority: drawPriority(rng, category), district: p.district });
  }
  records.sort((a, b) => a.time - b.time);
  return records;
}

export function newIncident(id: string, rng: Rng, t: number, rec?: HistoryRecord): Incident {
  const category = rec?.category ?? drawCategory(rng, t);
  const p = rec ?? incidentLocation(rng, t);
  return {
    id,
    category,
    priority: rec?.priority ?? drawPriority(rng, category),
    status: 'new',
    lon: p.lon,
    lat: p.lat,
    district: p.district,
    reportedAt: rec?.time ?? t,
    address: addressFor(rng, p.district),
    summary: summaryFor(rng, category),
    unitIds: [],
    closedAt: null,
  };
}
