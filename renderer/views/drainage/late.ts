/** A sensor is late (迟报) when its last report is older than its reporting interval times the contract's factor. */
import type { DrainageSensor } from '../../../shared/protocol';
import { SENSOR_LATE_INTERVALS } from '../../freshness/contract';

export function isLate(d: Pick<DrainageSensor, 'reportedAt' | 'intervalS'>, now: number): boolean {
  return now - d.reportedAt > d.intervalS * SENSOR_LATE_INTERVALS * 1000;
}
