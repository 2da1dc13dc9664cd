/**
 * Health across every window of the PC. Each window publishes a compact summary on a
 * same-origin BroadcastChannel every 2 s; each keeps the others' latest. A window that stops
 * reporting (closed, crashed, hung) is "silent" after three intervals. What arrives is
 * input: validated, bounded, and a bad message is counted and dropped. Pure (no DOM).
 */
import { z } from 'zod';
import type { HealthItem } from './freshness';

export const HEALTH_CHANNEL = 'qujing-health';
export const HEALTH_PUBLISH_MS = 2_000;
/** Three missed reports: the window is gone or hung. */
export const HEALTH_SILENT_MS = 3 * HEALTH_PUBLISH_MS;
/** A silent window is forgotten after this long (a closed window does not stay listed all shift). */
export const HEALTH_FORGET_MS = 30 * 60_000;
export const MAX_PEERS = 64;
const MAX_ITEMS = 50;

const text = (max: number) => z.string().max(max);
const time = z.number().finite().nonnegative().nullable();

const itemSchema = z.object({
  what: text(120),
  state: z.enum(['stale', 'disconnected', 'failing']),
  since: time,
  detail: text(200).optional(),
});

const summarySchema = z.object({
  kind: z.literal('health'),
  v: z.literal(1),
  id: text(64).min(1),
  label: text(80),
  view: text(32),
  at: z.number().finite().nonnegative(),
  connection: z.enum(['connecting', 'connected', 'reconnecting', 'offline']),
  connectionSince: time,
  lastDataAt: time,
  items: z.array(itemSchema).max(MAX_ITEMS),
});

export type WindowSummary = z.infer<typeof summarySchema>;

/**
 * How a window names itself to the others: `?window=` if given, else the wall monitor the
 * wall manager placed it on (`?wall=…&monitor=…`, unique on a PC), else its view.
 */
export function windowLabel(params: URLSearchParams, view: string): string {
  const monitor = params.get('monitor');
  if (!monitor) return params.get('window') ?? view;
  const wall = params.get('wall');
  return params.get('window') ?? (wall ? `${wall}/${monitor}` : monitor);
}

export function makeSummary(s: Omit<WindowSummary, 'kind' | 'v' | 'items'> & { items: readonly HealthItem[] }): WindowSummary {
  return {
    kind: 'health',
    v: 1,
    ...s,
    // Bounded on the way out as on the way in: a wall of 400 failing tiles sends the first 50.
    items: s.items.slice(0, MAX_ITEMS).map((i) => ({
      what: i.what.slice(0, 120),
      state: i.state,
      since: i.since,
      ...(i.detail ? { detail: i.detail.slice(0, 200) } : {}),
    })),
  };
}

export function parseSummary(data: unknown): WindowSummary | null {
  const r = summarySchema.safeParse(data);
  return r.success ? r.data : null;
}

export interface PeerHealth {
  id: string;
  label: string;
  view: string;
  connection: WindowSummary['connection'];
  connectionSince: number | null;
  lastDataAt: number | null;
  items: WindowSummary['items'];
  /** When its last report arrived here. */
  reportedAt: number;
  /** No report for three intervals: closed, crashed or hung. */
  silent: boolean;
}

/** The other windows' latest reports, and what was rejected. */
export class PeerTable {
  private peers = new Map<string, { s: WindowSummary; at: number }>();
  rejected = 0;
  lastRejection = '';

  constructor(private readonly selfId: string) {}

  /** Takes one message from the channel; returns whether it was accepted. */
  receive(data: unknown, now: number): boolean {
    const s = parseSummary(data);
    if (!s) {
      this.rejected++;
      this.lastRejection = describe(data);
      return false;
    }
    if (s.id === this.selfId) return true;
    if (!this.peers.has(s.id) && this.peers.size >= MAX_PEERS) {
      this.expire(now);
      if (this.peers.size >= MAX_PEERS) {
        this.rejected++;
        this.lastRejection = 'too many windows';
        return false;
      }
    }
    this.peers.delete(s.id); // re-insert: iteration order is oldest report first
    this.peers.set(s.id, { s, at: now });
    return true;
  }

  expire(now: number): void {
    for (const [id, p] of this.peers) if (now - p.at > HEALTH_FORGET_MS) this.peers.delete(id);
  }

  list(now: number): PeerHealth[] {
    this.expire(now);
    return [...this.peers.values()]
      .map(({ s, at }) => ({
        id: s.id,
        label: s.label,
        view: s.view,
        connection: s.connection,
        connectionSince: s.connectionSince,
        lastDataAt: s.lastDataAt,
        items: s.items,
        reportedAt: at,
        silent: now - at > HEALTH_SILENT_MS,
      }))
      .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
  }
}

/** A window with something to show: silent, or reporting any problem. */
export function peerHasProblem(p: PeerHealth): boolean {
  return p.silent || p.items.length > 0;
}

function describe(data: unknown): string {
  if (data === null || typeof data !== 'object') return `not an object (${typeof data})`;
  const r = summarySchema.safeParse(data);
  if (r.success) return '';
  const first = r.error.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}`.slice(0, 200) : 'invalid';
}
