/**
 * The console's alarm queue: filters, then situations as groups, ordered by what needs the
 * officer first — unacknowledged before acknowledged, then severity, then the longest waiting.
 * Pure, so the order is unit tested.
 */
import type { Alarm } from '../../../shared/protocol';

export const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, info: 3 } as const;
const STATE_RANK = { active: 0, acknowledged: 1, cleared: 2 } as const;

export interface QueueFilter {
  source: Alarm['source'] | 'all';
  severity: Alarm['severity'] | 'all';
  /** 'open' = active and acknowledged (the default), or one state. */
  state: Alarm['state'] | 'open';
  district: string | 'all';
}

export const DEFAULT_FILTER: QueueFilter = { source: 'all', severity: 'all', state: 'open', district: 'all' };

export interface QueueGroup {
  /** situationId, or the alarm id for an alarm on its own. */
  key: string;
  situationId: string | null;
  alarms: Alarm[];
  /** The most urgent member decides where the group stands. */
  lead: Alarm;
  active: number;
}

function compare(a: Alarm, b: Alarm): number {
  return STATE_RANK[a.state] - STATE_RANK[b.state] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt - b.raisedAt;
}

export function matches(a: Alarm, f: QueueFilter): boolean {
  if (f.state === 'open' ? a.state === 'cleared' : a.state !== f.state) return false;
  if (f.source !== 'all' && a.source !== f.source) return false;
  if (f.severity !== 'all' && a.severity !== f.severity) return false;
  if (f.district !== 'all' && a.district !== f.district) return false;
  return true;
}

export function buildQueue(alarms: Iterable<Alarm>, f: QueueFilter): QueueGroup[] {
  const groups = new Map<string, Alarm[]>();
  for (const a of alarms) {
    if (!matches(a, f)) continue;
    const key = a.situationId ?? a.id;
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  const out: QueueGroup[] = [];
  for (const [key, list] of groups) {
    list.sort(compare);
    out.push({ key, situationId: list[0]!.situationId ?? null, alarms: list, lead: list[0]!, active: list.filter((a) => a.state === 'active').length });
  }
  return out.sort((a, b) => compare(a.lead, b.lead));
}

/** The queue as the keyboard walks it: every alarm in group order. */
export function flatten(groups: readonly QueueGroup[]): Alarm[] {
  return groups.flatMap((g) => g.alarms);
}

/** New critical alarms since the last look (for the audible cue); `seen` is updated. */
export function newCritical(alarms: Iterable<Alarm>, seen: Set<string>, first: boolean): number {
  let n = 0;
  for (const a of alarms) {
    if (a.state !== 'active' || a.severity !== 'critical') continue;
    const k = `${a.id}:${a.raiseCount ?? 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!first) n++;
  }
  return n;
}
