/**
 * Alarm load for the shift lead: raises per hour and time to acknowledge, over the last day.
 * Fed by the alarm book's events, so alarms already swept from the topic still count.
 */
import type { Alarm, AlarmStats } from '../../shared/protocol';
import type { AlarmEvent } from './book';

const HOUR = 3_600_000;
const KEEP_MS = 24 * HOUR;

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

export class AlarmLoad {
  private raised: number[] = [];
  /** [ackAt, seconds from raise to acknowledgement]. */
  private acks: [number, number][] = [];
  private raisedAtById = new Map<string, number>();

  record(e: AlarmEvent): void {
    if (e.kind === 'raised') {
      this.raised.push(e.at);
      this.raisedAtById.set(e.alarmId, e.at);
    } else if (e.kind === 'reraised') {
      this.raised.push(e.at);
    } else if (e.kind === 'acknowledged') {
      const r = this.raisedAtById.get(e.alarmId);
      if (r !== undefined) this.acks.push([e.at, Math.max(0, (e.at - r) / 1000)]);
    }
    this.prune(e.at);
  }

  private prune(now: number): void {
    const from = now - KEEP_MS;
    while (this.raised.length > 0 && this.raised[0]! < from) this.raised.shift();
    while (this.acks.length > 0 && this.acks[0]![0] < from) this.acks.shift();
    if (this.raisedAtById.size > 50_000) {
      for (const [id, t] of this.raisedAtById) if (t < from) this.raisedAtById.delete(id);
    }
  }

  stats(now: number, hours: number, alarms: Iterable<Alarm>): AlarmStats {
    const from = Math.floor(now / HOUR) * HOUR - (hours - 1) * HOUR;
    const perHour = new Array<number>(hours).fill(0);
    for (const t of this.raised) {
      const i = Math.floor((t - from) / HOUR);
      if (i >= 0 && i < hours) perHour[i]!++;
    }
    const times = this.acks.filter(([at]) => at >= from).map(([, s]) => s).sort((a, b) => a - b);
    let active = 0;
    let escalated = 0;
    let suppressed = 0;
    const situations = new Set<string>();
    for (const a of alarms) {
      if (a.state === 'active') active++;
      if (a.state !== 'cleared' && a.escalatedAt) escalated++;
      suppressed += a.suppressedCount ?? 0;
      if (a.state !== 'cleared' && a.situationId) situations.add(a.situationId);
    }
    const round = (x: number | null) => (x === null ? null : Math.round(x));
    return {
      from,
      perHour,
      ackP50S: round(percentile(times, 0.5)),
      ackP90S: round(percentile(times, 0.9)),
      acked: times.length,
      active,
      escalated,
      suppressed,
      situations: situations.size,
    };
  }
}
