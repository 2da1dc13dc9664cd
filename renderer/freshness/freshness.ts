/**
 * One freshness contract for every element of the wall: an element knows when its data last
 * arrived and its own expected interval (contract.ts); once it is later than that, it is
 * stale "since" last + interval, and says so with the time, while the last good picture
 * stays. Data that never arrived is "waiting", not stale. Pure.
 */
import type { Topic } from '../../shared/protocol';
import { ELEMENTS, type ElementId } from './contract';

export type FreshState = 'waiting' | 'fresh' | 'stale';

export interface Freshness {
  state: FreshState;
  stale: boolean;
  /** When it became stale (epoch ms), or null while fresh or waiting. */
  staleSince: number | null;
  /** Last data, epoch ms, or null if none yet. */
  lastAt: number | null;
}

/** One source: fresh within `expectedMs` of its last data, stale after, waiting before any. */
export function freshness(lastAt: number | null | undefined, expectedMs: number, now: number): Freshness {
  if (lastAt === null || lastAt === undefined) return { state: 'waiting', stale: false, staleSince: null, lastAt: null };
  const due = lastAt + expectedMs;
  return now > due ? { state: 'stale', stale: true, staleSince: due, lastAt } : { state: 'fresh', stale: false, staleSince: null, lastAt };
}

/**
 * An element drawn from several topics: waiting until every one has spoken, then stale as
 * soon as any one is late (since the earliest of them), otherwise fresh.
 */
export function combinedFreshness(topics: readonly Topic[], expectedMs: number, lastMessageAt: Partial<Record<Topic, number | null>>, now: number): Freshness {
  let out: Freshness | null = null;
  for (const t of topics) {
    const f = freshness(lastMessageAt[t], expectedMs, now);
    if (f.state === 'waiting') return f;
    if (!out) out = f;
    else if (f.stale && (!out.stale || f.staleSince! < out.staleSince!)) out = f;
    else if (!f.stale && !out.stale && f.lastAt! < out.lastAt!) out = f;
  }
  return out ?? { state: 'waiting', stale: false, staleSince: null, lastAt: null };
}

export function elementFreshness(id: ElementId, lastMessageAt: Partial<Record<Topic, number | null>>, now: number): Freshness {
  const c = ELEMENTS[id];
  return combinedFreshness(c.topics, c.expectedMs, lastMessageAt, now);
}

/** hh:mm:ss in the wall's time zone (Asia/Shanghai), like the top bar's clock. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false, timeZone: 'Asia/Shanghai' });
}

export function staleSinceText(lang: 'zh' | 'en', since: number, compact = false): string {
  if (compact) return lang === 'zh' ? `停滞 ${clockTime(since)}` : `stale ${clockTime(since)}`;
  return lang === 'zh' ? `数据停滞 自 ${clockTime(since)}` : `stale since ${clockTime(since)}`;
}

export function waitingText(lang: 'zh' | 'en'): string {
  return lang === 'zh' ? '等待数据…' : 'waiting for data…';
}

export interface HealthItem {
  /** What: the link, an element of the wall (e.g. "dash.units") or a camera tile ("camera:c-1"). */
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
  /** The elements on screen in this window. */
  elements: Iterable<ElementId>;
  now: number;
  failing?: readonly { what: string; detail: string; since: number | null }[];
}): HealthItem[] {
  const out: HealthItem[] = [];
  if (o.connection !== 'connected') {
    out.push({ what: 'link', state: 'disconnected', since: o.connectionSince, ...(o.connectionDetail ? { detail: o.connectionDetail } : {}) });
  }
  for (const id of o.elements) {
    const f = elementFreshness(id, o.lastMessageAt, o.now);
    if (f.stale) out.push({ what: id, state: 'stale', since: f.staleSince });
  }
  for (const f of o.failing ?? []) out.push({ what: f.what, state: 'failing', since: f.since, detail: f.detail });
  return out;
}
