import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/protocol';
import { DEFAULT_FILTER, buildQueue, flatten, newCritical } from './queue';

const base: Alarm = {
  id: 'a', source: 'drainage', sourceId: 's', severity: 'minor', state: 'active', title: 't', lon: 103.8, lat: 25.5,
  district: '530302', raisedAt: 1000, ackBy: null, ackAt: null, ackNote: null, clearedAt: null,
};
const al = (o: Partial<Alarm>): Alarm => ({ ...base, ...o });

describe('console queue', () => {
  it('puts unacknowledged first, then severity, then the longest waiting; hides cleared by default', () => {
    const q = flatten(
      buildQueue(
        [
          al({ id: 'minor-old', raisedAt: 1 }),
          al({ id: 'crit-new', severity: 'critical', raisedAt: 50 }),
          al({ id: 'crit-old', severity: 'critical', raisedAt: 10 }),
          al({ id: 'crit-acked', severity: 'critical', state: 'acknowledged', raisedAt: 0 }),
          al({ id: 'gone', state: 'cleared' }),
        ],
        DEFAULT_FILTER,
      ),
    );
    expect(q.map((a) => a.id)).toEqual(['crit-old', 'crit-new', 'minor-old', 'crit-acked']);
  });

  it('groups a situation under its most urgent member, filters by source, severity, state and district', () => {
    const alarms = [
      al({ id: 'cam', source: 'camera', situationId: 'sit-1', raisedAt: 5 }),
      al({ id: 'drain', severity: 'critical', situationId: 'sit-1', raisedAt: 6 }),
      al({ id: 'face', source: 'face', severity: 'major', district: '530381' }),
    ];
    const groups = buildQueue(alarms, DEFAULT_FILTER);
    expect(groups.map((g) => [g.key, g.alarms.map((a) => a.id)])).toEqual([
      ['sit-1', ['drain', 'cam']],
      ['face', ['face']],
    ]);
    expect(flatten(buildQueue(alarms, { ...DEFAULT_FILTER, source: 'face' })).map((a) => a.id)).toEqual(['face']);
    expect(flatten(buildQueue(alarms, { ...DEFAULT_FILTER, severity: 'critical' })).map((a) => a.id)).toEqual(['drain']);
    expect(flatten(buildQueue(alarms, { ...DEFAULT_FILTER, district: '530381' })).map((a) => a.id)).toEqual(['face']);
    expect(flatten(buildQueue(alarms, { ...DEFAULT_FILTER, state: 'cleared' }))).toEqual([]);
  });

  it('counts new critical alarms once each, and none of those present at load', () => {
    const seen = new Set<string>();
    expect(newCritical([al({ id: 'x', severity: 'critical' })], seen, true)).toBe(0);
    expect(newCritical([al({ id: 'x', severity: 'critical' }), al({ id: 'y', severity: 'critical' }), al({ id: 'z' })], seen, false)).toBe(1);
    expect(newCritical([al({ id: 'y', severity: 'critical' })], seen, false)).toBe(0);
    // Raised again after clearing: a new cue.
    expect(newCritical([al({ id: 'y', severity: 'critical', raiseCount: 2 })], seen, false)).toBe(1);
  });
});
