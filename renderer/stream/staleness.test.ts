import { describe, expect, it } from 'vitest';
import { TOPIC_EXPECTED_INTERVAL_MS } from '../../shared/protocol';
import { staleTopics } from './staleness';

describe('staleTopics', () => {
  const now = 1_000_000;
  it('is empty when every topic spoke recently', () => {
    const last = { incidents: now - 1000, units: now - 100, cameras: now, drainage: now, alarms: now, 'city-events': now, 'face-hits': now, wall: now };
    expect(staleTopics(last, now, now - 60_000)).toEqual([]);
  });
  it('reports a topic past its expected interval, in whole seconds', () => {
    const last = { units: now - TOPIC_EXPECTED_INTERVAL_MS.units - 2500, incidents: now - TOPIC_EXPECTED_INTERVAL_MS.incidents + 10 };
    const s = staleTopics(last, now, now);
    expect(s).toContainEqual({ topic: 'units', ageS: Math.floor((TOPIC_EXPECTED_INTERVAL_MS.units + 2500) / 1000) });
    expect(s.find((x) => x.topic === 'incidents')).toBeUndefined();
  });
  it('measures silent topics from the connection start, and ignores them before any connection', () => {
    expect(staleTopics({}, now, null)).toEqual([]);
    const s = staleTopics({}, now, now - 40_000);
    expect(s.map((x) => x.topic).sort()).toEqual(['alarms', 'cameras', 'city-events', 'drainage', 'face-hits', 'incidents', 'units', 'wall']);
  });
});
