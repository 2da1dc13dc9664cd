import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../shared/protocol';
import { AlarmLoad, createAlarmBook, percentile, type AlarmEvent, type AlarmRaise } from '.';

const MIN = 60_000;

function setup() {
  let t = 1_700_000_000_000;
  let n = 0;
  const store = new Map<string, Alarm>();
  const events: AlarmEvent[] = [];
  const changed: string[] = [];
  const load = new AlarmLoad();
  const book = createAlarmBook({
    store,
    now: () => t,
    newId: () => `al-${++n}`,
    onChange: (a) => changed.push(a.id),
    onEvent: (e) => {
      events.push(e);
      load.record(e);
    },
  });
  const raise = (over: Partial<AlarmRaise> = {}) =>
    book.raise({
      source: 'drainage',
      sourceId: 's1',
      severity: 'major',
      title: 'over the line',
      lon: 103.79,
      lat: 25.49,
      district: '530302',
      raisedAt: t,
      ...over,
    });
  return { book, store, events, changed, load, raise, advance: (ms: number) => (t += ms), now: () => t };
}

describe('alarm book', () => {
  it('walks active → acknowledged (who, when, note) → cleared and refuses acting on a cleared alarm', () => {
    const { book, store, raise, advance, now } = setup();
    const id = raise();
    expect(store.get(id)).toMatchObject({ state: 'active', raiseCount: 1, ackBy: null });
    advance(2 * MIN);
    expect(book.ack(id, '值班员 张伟', '已通知排水')).toMatchObject({ ok: true });
    expect(store.get(id)).toMatchObject({ state: 'acknowledged', ackBy: '值班员 张伟', ackAt: now(), ackNote: '已通知排水' });
    advance(MIN);
    expect(book.clear(id, '值班员 张伟', '水位回落')).toMatchObject({ ok: true });
    expect(store.get(id)).toMatchObject({ state: 'cleared', clearedAt: now(), clearedBy: '值班员 张伟' });
    expect(book.ack(id, 'x', null)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(book.clear(id)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(book.ack('nope', 'x', null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('de-duplicates a sensor hovering at its line into one alarm with a re-raise count', () => {
    const { book, store, raise, advance } = setup();
    const first = raise();
    advance(MIN);
    expect(raise()).toBe(first); // still open: counted
    advance(MIN);
    book.clear(first);
    advance(3 * MIN);
    expect(raise()).toBe(first); // cleared 3 min ago: reopened, not a new alarm
    expect(store.size).toBe(1);
    expect(store.get(first)).toMatchObject({ state: 'active', raiseCount: 3 });
    // Long after clearing, it is a new alarm.
    book.clear(first);
    advance(60 * MIN);
    expect(raise()).not.toBe(first);
    expect(store.size).toBe(2);
  });

  it('suppresses a chattering source with a visible count instead of reopening it', () => {
    const { book, store, raise, advance } = setup();
    const id = raise();
    for (let i = 0; i < 6; i++) {
      advance(MIN);
      book.clear(id);
      advance(MIN);
      raise();
    }
    const a = store.get(id)!;
    // Three raises in the 30-minute window are allowed; the rest are swallowed while it stays cleared.
    expect(a.raiseCount).toBe(3);
    expect(a.suppressedCount).toBe(4);
    expect(a.state).toBe('cleared');
    expect(store.size).toBe(1);
  });

  it('escalates an alarm left unacknowledged, once, and not an acknowledged one', () => {
    const { book, store, raise, advance, now } = setup();
    const waiting = raise({ sourceId: 'a', severity: 'minor' });
    const seen = raise({ sourceId: 'b', severity: 'minor', lon: 103.9 });
    book.ack(seen, 'x', null);
    advance(29 * MIN);
    book.step();
    expect(store.get(waiting)!.severity).toBe('minor');
    advance(2 * MIN);
    book.step();
    expect(store.get(waiting)).toMatchObject({ severity: 'major', escalatedAt: now() });
    expect(store.get(seen)!.severity).toBe('minor');
    advance(60 * MIN);
    book.step();
    expect(store.get(waiting)!.severity).toBe('major'); // once only
  });

  it('groups alarms near in place and time into one situation, acknowledged at once', () => {
    const { book, store, raise, advance } = setup();
    const drain = raise({ sourceId: 's1' });
    advance(4 * MIN);
    // ~300 m away, 4 minutes later: same situation.
    const cam = raise({ source: 'camera', sourceId: 'c9', severity: 'minor', lon: 103.79 + 0.003 });
    // ~3 km away: its own.
    const far = raise({ source: 'face', sourceId: 'f1', lon: 103.82 });
    advance(20 * MIN);
    // Near but 24 minutes after the first raise: too late to join.
    const late = raise({ source: 'incident', sourceId: 'i1', lon: 103.7902 });
    const sit = store.get(drain)!.situationId;
    expect(sit).toBeTruthy();
    expect(store.get(cam)!.situationId).toBe(sit);
    expect(store.get(far)!.situationId).toBeNull();
    expect(store.get(late)!.situationId).toBeNull();
    const r = book.ackSituation(sit!, '值班台 1', '统一处置');
    expect(r).toMatchObject({ ok: true });
    expect(store.get(drain)!.state).toBe('acknowledged');
    expect(store.get(cam)).toMatchObject({ state: 'acknowledged', ackNote: '统一处置' });
    expect(store.get(far)!.state).toBe('active');
    expect(book.ackSituation('sit-none', 'x', null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('reports the alarm load: raises per hour and time to acknowledge p50/p90', () => {
    const { book, store, raise, advance, load, now } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(raise({ sourceId: `s${i}`, lon: 103 + i * 0.1 }));
    // Acknowledged one a minute: waits of 1..10 minutes.
    for (const id of ids) {
      advance(MIN);
      book.ack(id, 'x', null);
    }
    const s = load.stats(now(), 3, store.values());
    expect(s.perHour.reduce((a, b) => a + b, 0)).toBe(10);
    expect(s.acked).toBe(10);
    expect(s.ackP50S).toBe(5 * 60);
    expect(s.ackP90S).toBe(9 * 60);
    expect(s.active).toBe(0);
  });

  it('restores stored alarms without changing them and de-duplicates new raises onto them', () => {
    const { book, store, raise } = setup();
    const kept: Alarm = {
      id: 'al-old-1', source: 'drainage', sourceId: 's1', severity: 'critical', state: 'acknowledged', title: 't',
      lon: 103.79, lat: 25.49, district: '530302', raisedAt: 1, ackBy: 'a', ackAt: 2, ackNote: 'n', clearedAt: null,
    };
    book.restore({ ...kept });
    expect(store.get('al-old-1')).toEqual(kept);
    expect(raise()).toBe('al-old-1');
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});
