/**
 * One freshness contract for every element of the wall: an element knows when its data last
 * arrived and its own expected interval; once it is later than that, it is stale "since"
 * last + interval, and says so with the time, while the last good picture stays. Pure.
 */
import { TOPICS, TOPIC_EXPECTED_INTERVAL_MS, type Topic } from '../../shared/protocol';

export interface Freshness {
  stale: boolean;
  /** When it became stale (epoch ms), or null while fresh. */
  staleSince: number | null;
  /** Last data, epoch ms, or null if none yet. */
  lastAt: number | null;
}

/**
 * `lastAt`: last data for this element; `since`: when the window started listening, used
 * when nothing arrived yet so a silent element still turns stale after its interval.
 */
export function freshness(lastAt: number | null | undefined, expectedMs: number, now: number, since: number | null = null): Freshness {
  const from = lastAt ?? since;
  if (from === null || from === undefined) return { stale: false, staleSince: null, lastAt: null };
  const due = from + expectedMs;
  return now > due ? { stale: true, staleSince: due, lastAt: lastAt ?? null } : { stale: false, staleSince: null, lastAt: lastAt ?? null };
}

/** hh:mm:ss in the wall's time zone (Asia/Shanghai), for "stale since". */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false, timeZone: 'Asia/Shanghai' });
}

export function staleSinceText(lang: 'zh' | 'en', since: number): string {
  return lang === 'zh' ? `过期 自 ${clockTime(since)}` : `stale since ${clockTime(since)}`;
}

export interface HealthItem {
  /** What: a topic, the link, or a named element (e.g. "map:units"). */
  what: string;
  state: 'stale' | 'disconnected' | 'failing';
  since: number | null;
  detail?: string;
}

/** Everything on this window that is not fine right now: the wall health panel's rows. */
export function healthItems(o: {
  connection: string;
  connectionSince: number | null;
  connectionDetail?: string;
  lastMessageAt: Partial<Record<Topic, number | null>>;
  listeningSince: number | null;
  now: number;
  failing?: readonly { what: string; detail: string; since: number | null }[];
}): HealthItem[] {
  const out: HealthItem[] = [];
  if (o.connection !== 'connected') {
    out.push({ what: 'link', state: 'disconnected', since: o.connectionSince, ...(o.connectionDetail ? { detail: o.connectionDetail } : {}) });
  }
  for (const topic of TOPICS) {
    const f = freshness(o.lastMessageAt[topic], TOPIC_EXPECTED_INTERVAL_MS[topic], o.now, o.listeningSince);
    if (f.stale) out.push({ what: topic, state: 'stale', since: f.staleSince });
  }
  for (const f of o.failing ?? []) out.push({ what: f.what, state: 'failing', since: f.since, detail: f.detail });
  return out;
}
