/** Alarm ordering shared by the map panel and the console. Pure. */
import type { Alarm } from '../../../shared/protocol';

const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, info: 3 } as const;
const STATE_RANK = { active: 0, acknowledged: 1, cleared: 2 } as const;

export function newestActive(alarms: Iterable<Alarm>, limit: number): Alarm[] {
  return [...alarms]
    .filter((a) => a.state === 'active')
    .sort((a, b) => b.raisedAt - a.raisedAt)
    .slice(0, limit);
}

/** Console queue: active first, then by severity, then oldest first (longest waiting on top). */
export function consoleQueue(alarms: Iterable<Alarm>): Alarm[] {
  return [...alarms]
    .filter((a) => a.state !== 'cleared')
    .sort(
      (a, b) =>
        STATE_RANK[a.state] - STATE_RANK[b.state] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt - b.raisedAt,
    );
}
