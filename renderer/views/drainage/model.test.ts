import { describe, expect, it } from 'vitest';
import type { DrainageSensor } from '../../../shared/protocol';
import { isLate } from './late';
import { countShown, focusSensor, groupSensors, lowBattery, shownState, weakSignal } from './model';

const NOW = Date.UTC(2026, 10, 24, 4, 0, 0);
let k = 0;
function sensor(p: Partial<DrainageSensor>): DrainageSensor {
  k++;
  return {
    id: `ds-${String(k).padStart(4, '0')}`,
    name: `井 ${k}`,
    district: '530302',
    catchment: 'A',
    lon: 103.8,
    lat: 25.5,
    level: 0.2,
    flow: 0.1,
    warnLevel: 0.8,
    alarmLevel: 1.2,
    state: 'normal',
    battery: 80,
    signalDbm: -90,
    reportedAt: NOW - 10_000,
    intervalS: 60,
    rainMmH: 0,
    ...p,
  };
}

describe('late', () => {
  it('is late only past twice the interval', () => {
    expect(isLate({ reportedAt: NOW - 120_000, intervalS: 60 }, NOW)).toBe(false);
    expect(isLate({ reportedAt: NOW - 120_001, intervalS: 60 }, NOW)).toBe(true);
  });
  it('a late normal sensor is shown late; a late alarm stays alarm', () => {
    expect(shownState(sensor({ reportedAt: NOW - 600_000 }), NOW)).toBe('late');
    expect(shownState(sensor({ reportedAt: NOW - 600_000, state: 'alarm' }), NOW)).toBe('alarm');
    expect(shownState(sensor({}), NOW)).toBe('normal');
  });
});

describe('flags', () => {
  it('low battery below 20 %, weak signal below -115 dBm', () => {
    expect(lowBattery({ battery: 19.9 })).toBe(true);
    expect(lowBattery({ battery: 20 })).toBe(false);
    expect(weakSignal({ signalDbm: -116 })).toBe(true);
    expect(weakSignal({ signalDbm: -115 })).toBe(false);
  });
});

describe('grouping and ordering', () => {
  it('groups by district and catchment, nearest to the alarm line first, groups by their worst', () => {
    const a1 = sensor({ catchment: 'A', level: 0.3 });
    const a2 = sensor({ catchment: 'A', level: 0.9, state: 'warning' });
    const b1 = sensor({ catchment: 'B', level: 1.3, state: 'alarm' });
    const b2 = sensor({ catchment: 'B', level: 0.1 });
    const c1 = sensor({ catchment: 'A', district: '530381', level: 0.5, reportedAt: NOW - 3_600_000 });
    const groups = groupSensors([a1, a2, b1, b2, c1], NOW);
    expect(groups.map((g) => g.key)).toEqual(['530302|B', '530302|A', '530381|A']);
    expect(groups[0]!.sensors.map((v) => v.sensor.id)).toEqual([b1.id, b2.id]);
    expect(groups[1]!.sensors.map((v) => v.sensor.id)).toEqual([a2.id, a1.id]);
    expect(groups[2]!.sensors[0]!.shown).toBe('late');
    expect(countShown(groups)).toEqual({ normal: 2, warning: 1, alarm: 1, late: 1 });
  });

  it('the ratio uses each sensor\'s own alarm line', () => {
    const low = sensor({ level: 0.6, alarmLevel: 1.0 });
    const high = sensor({ level: 0.7, alarmLevel: 1.6 });
    const [g] = groupSensors([high, low], NOW);
    expect(g!.sensors.map((v) => v.sensor.id)).toEqual([low.id, high.id]);
  });

  it('rain is the group maximum, null when the backend sends none', () => {
    const g1 = groupSensors([sensor({ rainMmH: 3 }), sensor({ rainMmH: 12.5 })], NOW);
    expect(g1[0]!.rainMmH).toBe(12.5);
    const g2 = groupSensors([sensor({ rainMmH: null })], NOW);
    expect(g2[0]!.rainMmH).toBeNull();
  });

  it('focus: the selected sensor, else the worst', () => {
    const a = sensor({ level: 0.3 });
    const b = sensor({ level: 1.0, state: 'warning' });
    const groups = groupSensors([a, b], NOW);
    expect(focusSensor(groups, null)!.sensor.id).toBe(b.id);
    expect(focusSensor(groups, a.id)!.sensor.id).toBe(a.id);
    expect(focusSensor(groups, 'gone')!.sensor.id).toBe(b.id);
    expect(focusSensor([], null)).toBeNull();
  });
});
