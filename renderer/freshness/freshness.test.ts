import { describe, expect, it } from 'vitest';
import { TOPIC_EXPECTED_INTERVAL_MS } from '../../shared/protocol';
import { ELEMENTS } from './contract';
import { clockTime, combinedFreshness, elementFreshness, freshness, healthItems, staleSinceText, waitingText } from './freshness';

describe('freshness', () => {
  it('is fresh within its interval and stale after, since last + interval', () => {
    expect(freshness(1_000, 5_000, 6_000)).toEqual({ state: 'fresh', stale: false, staleSince: null, lastAt: 1_000 });
    expect(freshness(1_000, 5_000, 6_001)).toEqual({ state: 'stale', stale: true, staleSince: 6_000, lastAt: 1_000 });
  });
  it('data that never arrived is waiting, however long, not stale', () => {
    expect(freshness(null, 5_000, 1e12)).toMatchObject({ state: 'waiting', stale: false, staleSince: null });
    expect(freshness(undefined, 5_000, 0).state).toBe('waiting');
  });
  it('an element of several topics waits for all, and is stale from the first one late', () => {
    const last = { alarms: 10_000, incidents: 50_000, units: 60_000 };
    expect(combinedFreshness(['alarms', 'incidents'], 30_000, last, 35_000).state).toBe('fresh');
    expect(combinedFreshness(['alarms', 'incidents'], 30_000, last, 45_000)).toMatchObject({ state: 'stale', staleSince: 40_000 });
    expect(combinedFreshness(['alarms', 'face-hits'], 30_000, last, 45_000).state).toBe('waiting');
  });
  it('every element of the contract uses the slowest expected interval of its topics', () => {
    for (const c of Object.values(ELEMENTS)) {
      expect(c.expectedMs).toBe(Math.max(...c.topics.map((t) => TOPIC_EXPECTED_INTERVAL_MS[t])));
      expect(c.label.zh.length).toBeGreaterThan(0);
      expect(c.label.en.length).toBeGreaterThan(0);
    }
    // Units report every second: the units layer is late 5 s after its last data.
    expect(elementFreshness('map.units', { units: 0 }, 5_001)).toMatchObject({ state: 'stale', staleSince: 5_000 });
    expect(elementFreshness('map.units', { units: 0 }, 4_999).state).toBe('fresh');
  });
  it('says since when, in the wall clock (Asia/Shanghai), in both languages', () => {
    const t = Date.UTC(2026, 10, 24, 7, 8, 9); // 15:08:09 in Qujing
    expect(clockTime(t)).toBe('15:08:09');
    expect(staleSinceText('zh', t)).toBe('数据停滞 自 15:08:09');
    expect(staleSinceText('en', t)).toBe('stale since 15:08:09');
    expect(staleSinceText('zh', t, true)).toBe('停滞 15:08:09');
    expect(staleSinceText('en', t, true)).toBe('stale 15:08:09');
    expect(waitingText('en')).toMatch(/waiting for data/);
  });
  it('the health list names the link, every stale element on screen and failing tiles', () => {
    const items = healthItems({
      connection: 'reconnecting',
      connectionSince: 100,
      connectionDetail: 'transport close',
      lastMessageAt: { units: 0, incidents: 9_000 },
      elements: ['dash.units', 'dash.incidents', 'dash.faceHits'],
      now: 10_000,
      failing: [{ what: 'camera:c-1', detail: 'error hls', since: null }],
    });
    expect(items).toEqual([
      { what: 'link', state: 'disconnected', since: 100, detail: 'transport close' },
      { what: 'dash.units', state: 'stale', since: 5_000 },
      { what: 'camera:c-1', state: 'failing', since: null, detail: 'error hls' },
    ]);
    expect(healthItems({ connection: 'connected', connectionSince: 0, lastMessageAt: { units: 9_000 }, elements: ['map.units'], now: 10_000 })).toEqual([]);
  });
});
