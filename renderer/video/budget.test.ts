import { describe, expect, it } from 'vitest';
import { HostLoad, OPEN_INTERVAL_MS, OpenScheduler, PRIORITY, qualityForTile } from './budget';

describe('OpenScheduler', () => {
  it('opens a 25-tile grid one player per interval, not all at once', () => {
    const s = new OpenScheduler(32, 200);
    for (let i = 0; i < 25; i++) s.request(`t${i}`, PRIORITY.grid);
    const grantedAt: number[] = [];
    for (let now = 0; now <= 6000; now += 50) for (const _ of s.grant(now)) grantedAt.push(now);
    expect(grantedAt).toHaveLength(25);
    for (let i = 1; i < grantedAt.length; i++) expect(grantedAt[i]! - grantedAt[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(grantedAt.at(-1)).toBeLessThan(25 * 200 + 50);
  });

  it('serves alarm tiles before waiting grid tiles, equal priorities in request order', () => {
    const s = new OpenScheduler(32, OPEN_INTERVAL_MS);
    s.request('a', PRIORITY.grid);
    s.request('b', PRIORITY.grid);
    s.request('big', PRIORITY.large);
    s.request('alarm', PRIORITY.alarm);
    const order: string[] = [];
    for (let now = 0; order.length < 4; now += OPEN_INTERVAL_MS) order.push(...s.grant(now));
    expect(order).toEqual(['alarm', 'big', 'a', 'b']);
  });

  it('never exceeds the decoder cap; a released slot lets the next one in', () => {
    const s = new OpenScheduler(3, 0);
    for (let i = 0; i < 5; i++) s.request(`t${i}`, 2);
    expect(s.grant(0)).toEqual(['t0', 't1', 't2']);
    expect(s.grant(1000)).toEqual([]);
    expect(s.nextGrantIn(1000)).toBeNull();
    s.release('t1');
    expect(s.grant(1001)).toEqual(['t3']);
    expect(s.activeCount).toBe(3);
    s.release('t4');
    expect(s.waitingCount).toBe(0);
  });

  it('ignores a second request for a tile that waits or plays', () => {
    const s = new OpenScheduler(10, 0);
    s.request('x', 2);
    s.request('x', 2);
    expect(s.grant(0)).toEqual(['x']);
    s.request('x', 2);
    expect(s.grant(1)).toEqual([]);
  });
});

describe('qualityForTile', () => {
  it('main in large tiles and 2×2 on 1080p, sub in a 3×3 grid and smaller', () => {
    expect(qualityForTile(1920 / 2, 1, false)).toBe('main');
    expect(qualityForTile(1920 / 3, 1, false)).toBe('sub');
    expect(qualityForTile(1920 / 5, 1, false)).toBe('sub');
    expect(qualityForTile(300, 1, true)).toBe('main');
    expect(qualityForTile(1920 / 3, 2, false)).toBe('main');
  });
});

describe('HostLoad', () => {
  it('marks a host saturated at five long HTTP streams; WebSocket and HLS do not count', () => {
    const h = new HostLoad();
    for (let i = 0; i < 4; i++) h.open(`f${i}`, 'http-flv', 'http://gw:8080/live/a.flv');
    h.open('ws', 'ws-flv', 'ws://gw:8080/live/a.flv');
    h.open('hls', 'hls', 'http://gw:8080/live/a.m3u8');
    expect(h.saturated().has('gw:8080')).toBe(false);
    h.open('m', 'mjpeg', 'http://gw:8080/a.mjpeg');
    expect(h.saturated().has('gw:8080')).toBe(true);
    expect(h.saturated(5, 'm').has('gw:8080')).toBe(false);
    h.close('f0');
    expect(h.count('gw:8080')).toBe(4);
    expect(h.saturated().size).toBe(0);
  });
});
