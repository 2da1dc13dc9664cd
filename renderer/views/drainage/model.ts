/** Pure flood-watch logic: what state a sensor is shown in, ordering, grouping, counts. */
import type { DrainageSensor } from '../../../shared/protocol';
import { isLate } from './late';

export type Shown = 'normal' | 'warning' | 'alarm' | 'late';
export const SHOWN_ORDER: readonly Shown[] = ['alarm', 'warning', 'late', 'normal'];

/** Battery below this percentage is marked. */
export const LOW_BATTERY_PCT = 20;
/** NB-IoT RSRP below this is a weak signal, dBm. */
export const WEAK_SIGNAL_DBM = -115;

type S = Pick<DrainageSensor, 'state' | 'reportedAt' | 'intervalS'>;

/**
 * Alarm and warning stay visible as such even when late (a silent sensor over its line is
 * still the most urgent thing on the wall); a late "normal" says nothing about now.
 */
export function shownState(d: S, now: number): Shown {
  if (d.state === 'normal' && isLate(d, now)) return 'late';
  return d.state;
}

/** Level against the alarm line: 1 = on the line. */
export function ratio(d: Pick<DrainageSensor, 'level' | 'alarmLevel'>): number {
  return d.alarmLevel > 0 ? d.level / d.alarmLevel : 0;
}

export const lowBattery = (d: Pick<DrainageSensor, 'battery'>) => d.battery < LOW_BATTERY_PCT;
export const weakSignal = (d: Pick<DrainageSensor, 'signalDbm'>) => d.signalDbm < WEAK_SIGNAL_DBM;

export interface SensorView {
  sensor: DrainageSensor;
  shown: Shown;
  late: boolean;
  ratio: number;
}

export interface SensorGroup {
  key: string;
  district: string;
  catchment: string;
  sensors: SensorView[];
  /** Highest ratio in the group. */
  worst: number;
  counts: Record<Shown, number>;
  /** Highest rain intensity reported in the group, mm/h; null when none is sent. */
  rainMmH: number | null;
}

const emptyCounts = (): Record<Shown, number> => ({ normal: 0, warning: 0, alarm: 0, late: 0 });

/** Nearest to the alarm line first; ties by id so the order is stable. */
export function compareSensors(a: SensorView, b: SensorView): number {
  return b.ratio - a.ratio || (a.sensor.id < b.sensor.id ? -1 : a.sensor.id > b.sensor.id ? 1 : 0);
}

/** Groups by district and catchment; groups ordered by their worst sensor. */
export function groupSensors(sensors: Iterable<DrainageSensor>, now: number): SensorGroup[] {
  const groups = new Map<string, SensorGroup>();
  for (const d of sensors) {
    const key = `${d.district}|${d.catchment}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, district: d.district, catchment: d.catchment, sensors: [], worst: 0, counts: emptyCounts(), rainMmH: null };
      groups.set(key, g);
    }
    const shown = shownState(d, now);
    const v: SensorView = { sensor: d, shown, late: isLate(d, now), ratio: ratio(d) };
    g.sensors.push(v);
    g.worst = Math.max(g.worst, v.ratio);
    g.counts[shown]++;
    if (d.rainMmH !== null) g.rainMmH = Math.max(g.rainMmH ?? 0, d.rainMmH);
  }
  const out = [...groups.values()];
  for (const g of out) g.sensors.sort(compareSensors);
  out.sort((a, b) => b.worst - a.worst || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

export function countShown(groups: readonly SensorGroup[]): Record<Shown, number> {
  const c = emptyCounts();
  for (const g of groups) for (const s of SHOWN_ORDER) c[s] += g.counts[s];
  return c;
}

/** The sensor the big chart shows: the selected one while it exists, else the worst. */
export function focusSensor(groups: readonly SensorGroup[], selected: string | null): SensorView | null {
  let worst: SensorView | null = null;
  for (const g of groups) {
    for (const v of g.sensors) {
      if (v.sensor.id === selected) return v;
      if (!worst || compareSensors(v, worst) < 0) worst = v;
    }
  }
  return worst;
}
