import { describe, expect, it } from 'vitest';
import { clockTime, freshness, healthItems, staleSinceText } from './freshness';

describe('freshness', () => {
  it('is fresh within its interval and stale after, since last + interval', () => {
    expect(freshness(1_000, 5_000, 6_000)).toEqual({ stale: false, staleSince: null, lastAt: 1_000 });
    expect(freshness(1_000, 5_000, 6_001)).toEqual({ stale: true, staleSince: 6_000, lastAt: 1_000 });
  });
  it('an element that never had data turns stale an interval after listening started', () => {
    expect(freshness(null, 5_000, 4_000, 0).stale).toBe(false);
    expect(freshness(null, 5_000, 5_001, 0)).toMatchObject({ stale: true, staleSince: 5_000, lastAt: null });
    expect(freshness(null, 5_000, 1e9, null).stale).toBe(false);
  });
  it('says since when, in the wall clock (Asia/Shanghai), in both languages', () => {
    const t = Date.UTC(2026, 10, 24, 7, 8, 9); // 15:08:09 in Qujing
    expect(clockTime(t)).toBe('15:08:09');
    expect(staleSinceText('zh', t)).toBe('过期 自 15:08:09');
    expect(staleSinceText('en', t)).toBe('stale since 15:08:09');
  });
  it('the health list names the link, every late topic and failing elements', () => {
    const items = healthItems({
      connection: 'reconnecting',
      connectionSince: 100,
      connectionDetail: 'transport close',
      lastMessageAt: { units: 0, incidents: 9_000 },
      listeningSince: 0,
      now: 10_000,
      failing: [{ what: 'camera:c-1', detail: 'HTTP 404', since: 50 }],
    });
    expect(items).toEqual([
      { what: 'link', state: 'disconnected', since: 100, detail: 'transport close' },
      { what: 'units', state: 'stale', since: 5_000 },
      { what: 'camera:c-1', state: 'failing', since: 50, detail: 'HTTP 404' },
    ]);
  });
});
