/**
 * The dashboard's figures as pure functions of the live tables and the incident history
 * columns. No DOM, no React: unit tested under Node. Times are epoch ms; "today" is the
 * calendar day in China (UTC+8, no daylight saving) of the backend's clock.
 */
import { DISTRICT_CODES } from '../../../shared/geo/districts';
import { isLate } from '../drainage/late';
import {
  CITY_EVENT_TYPES,
  INCIDENT_CATEGORIES,
  type Camera,
  type CityEvent,
  type DrainageSensor,
  type Incident,
} from '../../../shared/protocol';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** Midnight in China (UTC+8) of the day containing `ms`. */
export function chinaMidnight(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}

// ── incidents over time ──────────────────────────────────────────────────────

/** Incident records as columns: category and district are indices into INCIDENT_CATEGORIES / DISTRICT_CODES. */
export interface IncidentColumns {
  count: number;
  time: ArrayLike<number>;
  category: ArrayLike<number>;
  district: ArrayLike<number>;
}

export interface WindowCounts {
  total: number;
  /** Index = INCIDENT_CATEGORIES order. */
  byCategory: number[];
  /** Index = DISTRICT_CODES order. */
  byDistrict: number[];
}

export interface IncidentCounts {
  now: number;
  dayStart: number;
  /** Since local midnight up to now. */
  today: WindowCounts;
  /** Yesterday from midnight up to the same time of day. */
  yesterday: WindowCounts;
  /** Seven days ago from midnight up to the same time of day. */
  lastWeek: WindowCounts;
  /** Per hour of day: today so far, and all of yesterday. */
  hourlyToday: number[];
  hourlyYesterday: number[];
}

function emptyWindow(): WindowCounts {
  return { total: 0, byCategory: new Array<number>(INCIDENT_CATEGORIES.length).fill(0), byDistrict: new Array<number>(DISTRICT_CODES.length).fill(0) };
}

function add(w: WindowCounts, cat: number, dist: number): void {
  w.total++;
  if (cat < w.byCategory.length) w.byCategory[cat]!++;
  if (dist < w.byDistrict.length) w.byDistrict[dist]!++;
}

/**
 * One pass over the columns: today so far, yesterday and last week up to the same time of
 * day, and the hourly curves of today and yesterday. Records need not be sorted.
 */
export function countIncidents(cols: IncidentColumns, now: number): IncidentCounts {
  const t0 = chinaMidnight(now);
  const y0 = t0 - DAY_MS;
  const yEnd = now - DAY_MS;
  const w0 = t0 - 7 * DAY_MS;
  const w1 = w0 + DAY_MS;
  const wEnd = now - 7 * DAY_MS;
  const today = emptyWindow();
  const yesterday = emptyWindow();
  const lastWeek = emptyWindow();
  const hourlyToday = new Array<number>(24).fill(0);
  const hourlyYesterday = new Array<number>(24).fill(0);
  const { time, category, district } = cols;
  const n = cols.count;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t >= t0) {
      if (t > now) continue;
      add(today, category[i]!, district[i]!);
      hourlyToday[Math.min(23, Math.floor((t - t0) / HOUR_MS))]!++;
    } else if (t >= y0) {
      hourlyYesterday[Math.min(23, Math.floor((t - y0) / HOUR_MS))]!++;
      if (t <= yEnd) add(yesterday, category[i]!, district[i]!);
    } else if (t >= w0 && t < w1 && t <= wEnd) {
      add(lastWeek, category[i]!, district[i]!);
    }
  }
  return { now, dayStart: t0, today, yesterday, lastWeek, hourlyToday, hourlyYesterday };
}

export const ROBBERY_INDEX = INCIDENT_CATEGORIES.indexOf('robbery');
export const SNATCHING_INDEX = INCIDENT_CATEGORIES.indexOf('snatching');

/** 两抢: robbery plus snatching. */
export function twoRobberies(w: WindowCounts): number {
  return (w.byCategory[ROBBERY_INDEX] ?? 0) + (w.byCategory[SNATCHING_INDEX] ?? 0);
}

export type Trend = 'up' | 'down' | 'same';

export function trend(current: number, reference: number): Trend {
  return current > reference ? 'up' : current < reference ? 'down' : 'same';
}

// ── police strength: renderer/data/deployment.ts ─────────────────────────────

export { policeStrength, type PoliceStrength } from '../../data/deployment';

// ── incidents waiting for a unit ─────────────────────────────────────────────

export interface Waiting {
  count: number;
  /** reportedAt of the longest-waiting incident, or null when none waits. */
  oldestAt: number | null;
}

export function waitingIncidents(incidents: Iterable<Pick<Incident, 'status' | 'reportedAt'>>): Waiting {
  let count = 0;
  let oldestAt: number | null = null;
  for (const i of incidents) {
    if (i.status !== 'new') continue;
    count++;
    if (oldestAt === null || i.reportedAt < oldestAt) oldestAt = i.reportedAt;
  }
  return { count, oldestAt };
}

/** Which of formatWait's two forms a wait takes: minutes:seconds, or hours:minutes from an hour on. */
export function waitForm(ms: number): 'ms' | 'hm' {
  return ms >= 3_600_000 ? 'hm' : 'ms';
}

/** A wait as m:ss under an hour, h:mm from an hour on. */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

// ── cameras ──────────────────────────────────────────────────────────────────

export interface CameraDistrict {
  district: string;
  online: number;
  total: number;
  /** 0..1; 1 for a district without cameras. */
  rate: number;
}

export interface CameraRates {
  online: number;
  total: number;
  rate: number;
  /** Every district that has cameras, lowest online rate first. */
  byDistrict: CameraDistrict[];
}

export function cameraRates(cameras: Iterable<Pick<Camera, 'online' | 'district'>>): CameraRates {
  const online = new Array<number>(DISTRICT_CODES.length).fill(0);
  const total = new Array<number>(DISTRICT_CODES.length).fill(0);
  let on = 0;
  let all = 0;
  for (const c of cameras) {
    all++;
    if (c.online) on++;
    const d = DISTRICT_CODES.indexOf(c.district);
    if (d < 0) continue;
    total[d]!++;
    if (c.online) online[d]!++;
  }
  const byDistrict: CameraDistrict[] = [];
  DISTRICT_CODES.forEach((district, d) => {
    if (total[d]! > 0) byDistrict.push({ district, online: online[d]!, total: total[d]!, rate: online[d]! / total[d]! });
  });
  byDistrict.sort((a, b) => a.rate - b.rate || b.total - a.total);
  return { online: on, total: all, rate: all > 0 ? on / all : 1, byDistrict };
}

// ── drainage ─────────────────────────────────────────────────────────────────

export type DrainageColour = 'normal' | 'warning' | 'alarm' | 'late';

/** The flood-watch view's rule (迟报), one rule for the wall: see freshness/contract.ts. */
export { isLate };

/** What a point shows: a late sensor's last "normal" says nothing about now; yellow and red stay as they are. */
export function drainageColour(d: Pick<DrainageSensor, 'state' | 'reportedAt' | 'intervalS'>, now: number): DrainageColour {
  if (d.state === 'normal' && isLate(d, now)) return 'late';
  return d.state;
}

export type DrainageCounts = Record<DrainageColour, number> & { total: number };

export function drainageCounts(sensors: Iterable<Pick<DrainageSensor, 'state' | 'reportedAt' | 'intervalS'>>, now: number): DrainageCounts {
  const out: DrainageCounts = { normal: 0, warning: 0, alarm: 0, late: 0, total: 0 };
  for (const d of sensors) {
    out[drainageColour(d, now)]++;
    out.total++;
  }
  return out;
}

/** The earliest time at which some currently reporting sensor turns late (to re-check then), or null. */
export function nextLateAt(sensors: Iterable<Pick<DrainageSensor, 'state' | 'reportedAt' | 'intervalS'>>, now: number): number | null {
  let next: number | null = null;
  for (const d of sensors) {
    if (d.state !== 'normal' || isLate(d, now)) continue;
    const at = d.reportedAt + d.intervalS * 2000 + 1;
    if (next === null || at < next) next = at;
  }
  return next;
}

// ── city-management events ───────────────────────────────────────────────────

export interface OpenCityEvents {
  total: number;
  /** 派单, not yet taken on. */
  assigned: number;
  /** 处置中. */
  inProgress: number;
  /** Index = CITY_EVENT_TYPES order. */
  byType: number[];
  /** Responsible unit and its open events, most first (ties by name). */
  byUnit: { unit: string; count: number }[];
}

export function openCityEvents(events: Iterable<Pick<CityEvent, 'status' | 'type' | 'responsible'>>): OpenCityEvents {
  const byType = new Array<number>(CITY_EVENT_TYPES.length).fill(0);
  const units = new Map<string, number>();
  let total = 0;
  let assigned = 0;
  for (const e of events) {
    if (e.status === 'closed') continue;
    total++;
    if (e.status === 'assigned') assigned++;
    const t = CITY_EVENT_TYPES.indexOf(e.type);
    if (t >= 0) byType[t]!++;
    units.set(e.responsible, (units.get(e.responsible) ?? 0) + 1);
  }
  const byUnit = [...units].map(([unit, count]) => ({ unit, count }));
  byUnit.sort((a, b) => b.count - a.count || a.unit.localeCompare(b.unit, 'zh-CN'));
  return { total, assigned, inProgress: total - assigned, byType, byUnit };
}

// ── face-recognition hits ────────────────────────────────────────────────────

/** The latest time among items at or after `since`, or null. */
export function latestSince<T>(items: Iterable<T>, timeOf: (x: T) => number, since: number): number | null {
  let latest: number | null = null;
  for (const x of items) {
    const t = timeOf(x);
    if (t >= since && (latest === null || t > latest)) latest = t;
  }
  return latest;
}

export function countSince<T>(items: Iterable<T>, timeOf: (x: T) => number, since: number, until = Infinity): number {
  let n = 0;
  for (const x of items) {
    const t = timeOf(x);
    if (t >= since && t <= until) n++;
  }
  return n;
}
