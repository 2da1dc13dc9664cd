import { describe, expect, it } from 'vitest';
import { INCIDENT_CATEGORIES, decodeIncidentHistory, encodeIncidentHistory, type Incident } from '../../shared/protocol';
import { DISTRICT_CODES } from '../../shared/geo/districts';
import { isLate } from '../views/drainage/late';
import { HistoryColumns } from './history';

const H = 3600_000;
function incident(id: string, reportedAt: number): Incident {
  return {
    id,
    category: 'theft',
    priority: 2,
    status: 'new',
    lon: 103.8,
    lat: 25.5,
    district: '530302',
    reportedAt,
    address: '',
    summary: '',
    unitIds: [],
    closedAt: null,
  };
}

describe('HistoryColumns', () => {
  const base = 1_700_000_000_000;
  const block = () => {
    const r = decodeIncidentHistory(
      encodeIncidentHistory(base, [
        { time: base, lon: 103.8, lat: 25.5, category: 'theft', priority: 1, district: '530302' },
        { time: base + 30 * H, lon: 104.1, lat: 26.2, category: 'fight', priority: 3, district: '530381' },
      ]),
    );
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  };

  it('loads the snapshot block and filters the last 24 h', () => {
    const h = new HistoryColumns();
    h.reset(block(), []);
    expect(h.count).toBe(2);
    expect(h.positions[2]).toBeCloseTo(104.1, 5);
    expect([...h.indicesSince(base + 31 * H - 24 * H)]).toEqual([1]);
  });

  it('keeps category and district per record, from the block and from live incidents', () => {
    const h = new HistoryColumns();
    h.reset(block(), []);
    h.addLive({ ...incident('live', base + 31 * H), category: 'robbery', district: '530326' });
    expect([...h.category.subarray(0, 3)].map((c) => INCIDENT_CATEGORIES[c])).toEqual(['theft', 'fight', 'robbery']);
    expect([...h.district.subarray(0, 3)].map((d) => DISTRICT_CODES[d])).toEqual(['530302', '530381', '530326']);
  });

  it('skips history records that fail their range check and counts them', () => {
    const b = block();
    b.category[0] = 200; // no such category
    const h = new HistoryColumns();
    h.reset(b, []);
    expect(h.count).toBe(1);
    expect(h.skipped).toBe(1);
    expect(h.positions[0]).toBeCloseTo(104.1, 5);
  });

  it('appends a live incident once, not the ones the snapshot already had', () => {
    const h = new HistoryColumns();
    h.reset(block(), [incident('old', base)]);
    expect(h.addLive(incident('old', base))).toBe(false);
    expect(h.addLive(incident('new', base + 31 * H))).toBe(true);
    expect(h.addLive(incident('new', base + 31 * H))).toBe(false);
    expect(h.count).toBe(3);
  });

  it('drops aged-out records instead of growing forever', () => {
    const h = new HistoryColumns();
    h.reset(null, []);
    const day = 24 * H;
    for (let i = 0; i < 5000; i++) h.addLive(incident(`i${i}`, base + i * (day / 100)));
    // 50 days of incidents, one-week retention: well under the 5000 appended.
    expect(h.count).toBeLessThan(2000);
    expect(h.time[0]).toBeGreaterThan(base + 30 * day);
  });
});

describe('isLate', () => {
  it('is late only past twice the reporting interval', () => {
    expect(isLate({ reportedAt: 0, intervalS: 60 }, 119_000)).toBe(false);
    expect(isLate({ reportedAt: 0, intervalS: 60 }, 121_000)).toBe(true);
  });
});
