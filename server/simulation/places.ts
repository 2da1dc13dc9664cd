/** Named places and weights that make the simulated city look like Qujing. */
import { QILIN_CENTRE, type DistrictCode } from '../../shared/geo';

export const QILIN: DistrictCode = '530302';

/** Resident population, 10k (2020 census, rounded); drives how units, cameras and incidents spread. */
export const POPULATION: Record<DistrictCode, number> = {
  '530302': 92,
  '530303': 44,
  '530304': 20,
  '530322': 64,
  '530323': 40,
  '530324': 55,
  '530325': 70,
  '530326': 89,
  '530381': 124,
};

export const DISTRICT_SHORT: Record<DistrictCode, string> = {
  '530302': '麒麟',
  '530303': '沾益',
  '530304': '马龙',
  '530322': '陆良',
  '530323': '师宗',
  '530324': '罗平',
  '530325': '富源',
  '530326': '会泽',
  '530381': '宣威',
};

export const STREETS = [
  '南宁路',
  '南宁西路',
  '南宁北路',
  '麒麟路',
  '麒麟南路',
  '麒麟北路',
  '文昌街',
  '寥廓路',
  '寥廓南路',
  '珠江源大道',
  '紫云路',
  '翠峰路',
  '西关街',
  '太和路',
  '沿江路',
  '子午路',
  '胜峰路',
  '建宁路',
  '三江大道',
  '龙潭路',
  '康桥路',
  '白石江路',
  '万达路',
  '瑞和路',
] as const;

/** Economic and technological development zone, south-east of the centre, inside Qilin. */
export const DEV_ZONE = { lon: 103.835, lat: 25.455 } as const;

export interface Hotspot {
  name: string;
  lon: number;
  lat: number;
  sigmaM: number;
  weight: number;
  /** Extra weight in the evening (18:00–02:00 local): night markets, bar streets. */
  night?: boolean;
}

/** Persistent hotspots in the city centre (weights relative to each other). */
export const CITY_HOTSPOTS: readonly Hotspot[] = [
  { name: '城区中心', lon: QILIN_CENTRE.lon, lat: QILIN_CENTRE.lat, sigmaM: 2200, weight: 10 },
  { name: '曲靖站', lon: 103.7855, lat: 25.5125, sigmaM: 350, weight: 2.2 },
  { name: '南城门夜市', lon: 103.7985, lat: 25.4885, sigmaM: 250, weight: 1.6, night: true },
  { name: '麒麟水乡', lon: 103.8085, lat: 25.5035, sigmaM: 300, weight: 1.2, night: true },
  { name: '客运站', lon: 103.7765, lat: 25.4925, sigmaM: 300, weight: 1.2 },
  { name: '万达广场', lon: 103.8045, lat: 25.5175, sigmaM: 350, weight: 1.3, night: true },
  { name: '经开区', lon: DEV_ZONE.lon, lat: DEV_ZONE.lat, sigmaM: 1800, weight: 2.2 },
];

export const CATCHMENTS = ['潇湘江片区', '白石江片区', '南片区', '经开区片区'] as const;

/** Which catchment a Qilin point drains to: the dev zone, else by bearing from the centre. */
export function catchmentAt(lon: number, lat: number): (typeof CATCHMENTS)[number] {
  const dz = Math.hypot((lon - DEV_ZONE.lon) * 0.9, lat - DEV_ZONE.lat);
  if (dz < 0.03) return '经开区片区';
  if (lat < QILIN_CENTRE.lat - 0.012) return '南片区';
  return lon < QILIN_CENTRE.lon ? '潇湘江片区' : '白石江片区';
}

/** Local hour-of-day weights (UTC+8): quiet 03–06, peaks late afternoon and evening. */
export const HOURLY_WEIGHT = [
  0.8, 0.6, 0.45, 0.3, 0.25, 0.28, 0.42, 0.65, 0.95, 1.1, 1.15, 1.15, 1.1, 1.05, 1.1, 1.2, 1.38, 1.52, 1.6, 1.62,
  1.55, 1.42, 1.25, 1.02,
] as const;
const HOURLY_MEAN = HOURLY_WEIGHT.reduce((a, b) => a + b, 0) / 24;
export const HOURLY_MAX = Math.max(...HOURLY_WEIGHT) / HOURLY_MEAN;

const LOCAL_OFFSET_MS = 8 * 3600_000;
export function localHour(t: number): number {
  return Math.floor((((t + LOCAL_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000 / 3600_000);
}

/** Rate multiplier at time t (mean 1 over a day). */
export function dailyRhythm(t: number): number {
  return HOURLY_WEIGHT[localHour(t)]! / HOURLY_MEAN;
}

export const WATCHLISTS = ['在逃人员', '重点关注人员', '涉毒前科人员'] as const;
export const WATCHLIST_WEIGHTS = [0.25, 0.6, 0.15] as const;
