/** A sensor is late (迟报) when its last report is older than twice its reporting interval. */
import type { DrainageSensor } from '../../../shared/protocol';

export function isLate(d: Pick<DrainageSensor, 'reportedAt' | 'intervalS'>, now: number): boolean {
  return now - d.reportedAt > d.intervalS * 2 * 1000;
}
