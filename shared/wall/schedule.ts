/**
 * Scene schedule: daily times (optionally on some weekdays) at which a scene takes over.
 * The scene in force at any moment is the latest entry at or before it, looking back up to a
 * week, so a PC that boots at 10:00 shows what the 08:00 entry chose.
 */
import { DAYS, type ScheduleEntry } from './schema';

const DAY_MS = 86_400_000;

function minutes(at: string): number {
  const [h, m] = at.split(':').map(Number);
  return h! * 60 + m!;
}

/** Day of the week in the local time of `tzOffsetMin` (minutes east of UTC; China is +480). */
function localParts(t: number, tzOffsetMin: number): { day: (typeof DAYS)[number]; minute: number; dayStart: number } {
  const local = t + tzOffsetMin * 60_000;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  // 1970-01-01 was a Thursday.
  const dow = (Math.floor(local / DAY_MS) + 3) % 7;
  return { day: DAYS[dow]!, minute: Math.floor((local - dayStart) / 60_000), dayStart: dayStart - tzOffsetMin * 60_000 };
}

export interface ScheduledScene {
  scene: string;
  /** When this entry took over, epoch ms. */
  since: number;
}

export function scheduledSceneAt(schedule: readonly ScheduleEntry[], t: number, tzOffsetMin = 480): ScheduledScene | null {
  let best: ScheduledScene | null = null;
  for (let back = 0; back <= 7; back++) {
    const { day, dayStart } = localParts(t - back * DAY_MS, tzOffsetMin);
    for (const e of schedule) {
      if (e.days && !e.days.includes(day)) continue;
      const at = dayStart + minutes(e.at) * 60_000;
      if (at > t) continue;
      if (!best || at > best.since) best = { scene: e.scene, since: at };
    }
    if (best) return best;
  }
  return best;
}

/** The next moment after `t` at which an entry fires, or null without a schedule. */
export function nextScheduleChange(schedule: readonly ScheduleEntry[], t: number, tzOffsetMin = 480): ScheduledScene | null {
  let best: ScheduledScene | null = null;
  for (let ahead = 0; ahead <= 7; ahead++) {
    const { day, dayStart } = localParts(t + ahead * DAY_MS, tzOffsetMin);
    for (const e of schedule) {
      if (e.days && !e.days.includes(day)) continue;
      const at = dayStart + minutes(e.at) * 60_000;
      if (at <= t) continue;
      if (!best || at < best.since) best = { scene: e.scene, since: at };
    }
    if (best) return best;
  }
  return best;
}
