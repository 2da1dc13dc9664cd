import { describe, expect, it } from 'vitest';
import { DISTRICT_CODES } from '../../../shared/geo/districts';
import { INCIDENT_CATEGORIES, encodeIncidentHistory, decodeIncidentHistory, type HistoryRecord, type Incident } from '../../../shared/protocol';
import { HistoryColumns } from '../../data/history';
import {
  DAY_MS,
  HOUR_MS,
  cameraRates,
  chinaMidnight,
  countIncidents,
  countSince,
  drainageColour,
  drainageCounts,
  formatWait,
  latestSince,
  nextLateAt,
  openCityEvents,
  policeStrength,
  trend,
  twoRobberies,
  waitForm,
  waitingIncidents,
  type IncidentColumns,
} from './metrics';

// 2026-11-24 10:30 in China = 02:30 UTC.
const NOW = Date.UTC(2026, 10, 24, 2, 30);
const MIDNIGHT = Date.UTC(2026, 10, 23, 16, 0);

function columns(records: { t: number; cat: (typeof INCIDENT_CATEGORIES)[number]; d: number }[]): IncidentColumns {
  return {
    count: records.length,
    time: Float64Array.from(records.map((r) => r.t)),
    category: Uint8Array.from(records.map((r) => INCIDENT_CATEGORIES.indexOf(r.cat))),
    district: Uint8Array.from(records.map((r) => r.d)),
  };
}

describe('time of day in China', () => {
  it('midnight is 16:00 UTC of the day before', () => {
    expect(chinaMidnight(NOW)).toBe(MIDNIGHT);
    expect(chinaMidnight(MIDNIGHT)).toBe(MIDNIGHT);
    expect(chinaMidnight(MIDNIGHT - 1)).toBe(MIDNIGHT - DAY_MS);
  });
});

describe('incident counts', () => {
  const cols = columns([
    { t: MIDNIGHT + 5 * 60_000, cat: 'theft', d: 0 }, // today 00:05
    { t: MIDNIGHT + 9 * HOUR_MS, cat: 'robbery', d: 1 }, // today 09:00
    { t: NOW, cat: 'snatching', d: 1 }, // today, right now
    { t: NOW + 1000, cat: 'theft', d: 1 }, // in the future: not counted
    { t: MIDNIGHT - 1, cat: 'fraud', d: 2 }, // yesterday 23:59:59.999
    { t: MIDNIGHT - DAY_MS + 10 * HOUR_MS, cat: 'robbery', d: 3 }, // yesterday 10:00, before the same time
    { t: NOW - DAY_MS + 1, cat: 'fight', d: 3 }, // yesterday just after the same time
    { t: MIDNIGHT - 7 * DAY_MS + HOUR_MS, cat: 'snatching', d: 8 }, // last week 01:00
    { t: NOW - 7 * DAY_MS + 60_000, cat: 'theft', d: 8 }, // last week, after the same time
    { t: MIDNIGHT - 3 * DAY_MS, cat: 'theft', d: 4 }, // three days ago: in no window
  ]);
  const c = countIncidents(cols, NOW);

  it('counts today since local midnight up to now', () => {
    expect(c.dayStart).toBe(MIDNIGHT);
    expect(c.today.total).toBe(3);
    expect(c.today.byCategory[INCIDENT_CATEGORIES.indexOf('theft')]).toBe(1);
    expect(c.today.byDistrict[1]).toBe(2);
    expect(twoRobberies(c.today)).toBe(2);
  });

  it('compares with yesterday and last week up to the same time of day', () => {
    expect(c.yesterday.total).toBe(1);
    expect(twoRobberies(c.yesterday)).toBe(1);
    expect(c.lastWeek.total).toBe(1);
    expect(c.lastWeek.byDistrict[8]).toBe(1);
    expect(trend(c.today.total, c.yesterday.total)).toBe('up');
    expect(trend(1, 2)).toBe('down');
    expect(trend(2, 2)).toBe('same');
  });

  it('bins today and all of yesterday by hour', () => {
    expect(c.hourlyToday[0]).toBe(1);
    expect(c.hourlyToday[9]).toBe(1);
    expect(c.hourlyToday[10]).toBe(1);
    expect(c.hourlyToday.reduce((a, b) => a + b)).toBe(3);
    expect(c.hourlyYesterday[23]).toBe(1);
    expect(c.hourlyYesterday[10]).toBe(2);
    expect(c.hourlyYesterday.reduce((a, b) => a + b)).toBe(3);
  });

  it('counts a month of 60,000 records: today holds exactly the records since midnight, and the hourly bars add up to it', () => {
    const n = 60_000;
    const big: IncidentColumns = { count: n, time: new Float64Array(n), category: new Uint8Array(n), district: new Uint8Array(n) };
    for (let i = 0; i < n; i++) {
      (big.time as Float64Array)[i] = NOW - (i / n) * 30 * DAY_MS;
      (big.category as Uint8Array)[i] = i % INCIDENT_CATEGORIES.length;
      (big.district as Uint8Array)[i] = i % DISTRICT_CODES.length;
    }
    // Speed is the bench's job; this checks the scan over a month-sized column set is right.
    const r = countIncidents(big, NOW);
    let sinceMidnight = 0;
    for (let i = 0; i < n; i++) if (big.time[i]! >= r.dayStart && big.time[i]! <= NOW) sinceMidnight++;
    expect(sinceMidnight).toBeGreaterThan(0);
    expect(r.today.total).toBe(sinceMidnight);
    expect(r.hourlyToday.reduce((a, b) => a + b)).toBe(sinceMidnight);
  });
});

describe('incident counts from the history columns', () => {
  const records: HistoryRecord[] = [
    { time: NOW - 20 * DAY_MS, lon: 103.8, lat: 25.5, category: 'theft', priority: 3, district: '530302' },
    { time: NOW - HOUR_MS, lon: 103.8, lat: 25.5, category: 'robbery', priority: 1, district: '530381' },
  ];
  it('counts the snapshot block and live incidents once each, with their category and district', () => {
    const h = decodeIncidentHistory(encodeIncidentHistory(NOW - 30 * DAY_MS, records));
    if (!h.ok) throw new Error(h.reason);
    const cols = new HistoryColumns();
    cols.reset(h.value, [incident('i1', NOW - HOUR_MS, 'robbery', '530381')]);
    expect(INCIDENT_CATEGORIES[cols.category[1]!]).toBe('robbery');
    expect(DISTRICT_CODES[cols.district[1]!]).toBe('530381');
    // The snapshot's own incident is already in the block; a new one is appended once.
    expect(cols.addLive(incident('i1', NOW - HOUR_MS, 'robbery', '530381'))).toBe(false);
    expect(cols.addLive(incident('i2', NOW, 'snatching', '530302'))).toBe(true);
    expect(cols.addLive(incident('i2', NOW, 'snatching', '530302'))).toBe(false);
    expect(twoRobberies(countIncidents(cols, NOW).today)).toBe(2);
  });
});

function incident(id: string, reportedAt: number, category: Incident['category'], district: Incident['district']): Incident {
  return { id, category, district, reportedAt, priority: 2, status: 'new', lon: 103.8, lat: 25.5, address: '', summary: '', unitIds: [], closedAt: null };
}

describe('police strength', () => {
  it('counts by status city-wide and per district', () => {
    const p = policeStrength([
      { status: 'patrol', district: '530302' },
      { status: 'patrol', district: '530302' },
      { status: 'dispatched', district: '530381' },
      { status: 'standby', district: '530303' },
    ]);
    expect(p.total).toBe(4);
    expect(p.city).toEqual([0, 2, 1, 0, 1]);
    expect(p.byDistrict[0]).toEqual([0, 2, 0, 0, 0]);
    expect(p.byDistrict[DISTRICT_CODES.indexOf('530381')]).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('waiting incidents', () => {
  it('counts the new ones and finds the oldest', () => {
    const w = waitingIncidents([
      { status: 'new', reportedAt: 300 },
      { status: 'new', reportedAt: 100 },
      { status: 'dispatched', reportedAt: 50 },
    ]);
    expect(w).toEqual({ count: 2, oldestAt: 100 });
    expect(waitingIncidents([])).toEqual({ count: 0, oldestAt: null });
  });
  it('formats a wait as m:ss, and h:mm from an hour', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(65_000)).toBe('1:05');
    expect(formatWait(59 * 60_000 + 59_999)).toBe('59:59');
    expect(formatWait(HOUR_MS + 7 * 60_000)).toBe('1:07');
    expect(waitForm(59 * 60_000)).toBe('ms');
    expect(waitForm(HOUR_MS)).toBe('hm');
  });
});

describe('cameras', () => {
  it('gives the online rate and the worst districts first', () => {
    const r = cameraRates([
      { online: true, district: '530302' },
      { online: true, district: '530302' },
      { online: false, district: '530303' },
      { online: true, district: '530303' },
    ]);
    expect(r.online).toBe(3);
    expect(r.total).toBe(4);
    expect(r.rate).toBe(0.75);
    expect(r.byDistrict.map((d) => d.district)).toEqual(['530303', '530302']);
    expect(r.byDistrict[0]!.rate).toBe(0.5);
  });
});

describe('drainage', () => {
  const now = 1_000_000;
  it('a silent normal sensor is late; yellow and red stay as they are', () => {
    expect(drainageColour({ state: 'normal', reportedAt: now - 59_000, intervalS: 30 }, now)).toBe('normal');
    expect(drainageColour({ state: 'normal', reportedAt: now - 61_000, intervalS: 30 }, now)).toBe('late');
    expect(drainageColour({ state: 'alarm', reportedAt: now - 600_000, intervalS: 30 }, now)).toBe('alarm');
    const c = drainageCounts(
      [
        { state: 'normal', reportedAt: now, intervalS: 30 },
        { state: 'normal', reportedAt: now - 100_000, intervalS: 30 },
        { state: 'warning', reportedAt: now, intervalS: 30 },
        { state: 'alarm', reportedAt: now, intervalS: 30 },
      ],
      now,
    );
    expect(c).toEqual({ normal: 1, warning: 1, alarm: 1, late: 1, total: 4 });
  });
  it('knows when the next sensor turns late', () => {
    expect(nextLateAt([{ state: 'normal', reportedAt: now, intervalS: 30 }], now)).toBe(now + 60_001);
    expect(nextLateAt([{ state: 'alarm', reportedAt: now, intervalS: 30 }], now)).toBeNull();
  });
});

describe('city events', () => {
  it('counts the open ones by type and by responsible unit', () => {
    const r = openCityEvents([
      { status: 'assigned', type: 'manhole_damaged', responsible: '麒麟区市政管理处' },
      { status: 'in_progress', type: 'road_damaged', responsible: '麒麟区市政管理处' },
      { status: 'assigned', type: 'taxi_abnormal', responsible: '曲靖市交通运输局' },
      { status: 'closed', type: 'taxi_abnormal', responsible: '曲靖市交通运输局' },
    ]);
    expect(r.total).toBe(3);
    expect(r.assigned).toBe(2);
    expect(r.inProgress).toBe(1);
    expect(r.byType).toEqual([1, 0, 1, 1, 0, 0]);
    expect(r.byUnit).toEqual([
      { unit: '麒麟区市政管理处', count: 2 },
      { unit: '曲靖市交通运输局', count: 1 },
    ]);
  });
});

describe('face hits today', () => {
  it('counts items in a time range', () => {
    expect(countSince([{ time: 5 }, { time: 10 }, { time: 20 }], (x) => x.time, 10)).toBe(2);
    expect(countSince([{ time: 5 }, { time: 10 }, { time: 20 }], (x) => x.time, 10, 15)).toBe(1);
    expect(latestSince([{ time: 5 }, { time: 20 }, { time: 10 }], (x) => x.time, 10)).toBe(20);
    expect(latestSince([{ time: 5 }], (x) => x.time, 10)).toBeNull();
  });
});
