/**
 * One budget for every tile of a window. Opening 25 players at once makes 25 MSE decoders,
 * 25 connections and 25 keyframe waits land in the same second and the wall stutters; so
 * players are opened one at a time at a paced rate, alarm-linked tiles first, never more
 * than the decoder cap. Pure: the caller drives it with its clock.
 */
import { LONG_HTTP, hostOf } from './fallback';
import type { StreamProtocol, StreamQuality } from './types';

/** Chrome starts refusing new media players well above this; 25 grid tiles plus an alarm tile fit. */
export const MAX_ACTIVE_PLAYERS = 32;
/** One new player per this many ms while a grid starts. */
export const OPEN_INTERVAL_MS = 150;
/** Browsers allow six HTTP/1.1 connections per host; keep one free for playlists, snapshots and the API. */
export const HTTP_STREAMS_PER_HOST = 5;
/** Tiles narrower than this (device pixels) get the sub-stream. */
export const SUB_STREAM_BELOW_PX = 800;

export const PRIORITY = { alarm: 0, large: 1, grid: 2 } as const;

interface Waiting {
  id: string;
  priority: number;
  seq: number;
}

export class OpenScheduler {
  private queue: Waiting[] = [];
  private readonly active = new Set<string>();
  private lastGrantAt = -Infinity;
  private seq = 0;

  constructor(
    readonly maxActive = MAX_ACTIVE_PLAYERS,
    readonly intervalMs = OPEN_INTERVAL_MS,
  ) {}

  /** Asks for a slot; lower priority numbers are served first, equal ones in request order. */
  request(id: string, priority: number): void {
    if (this.active.has(id) || this.queue.some((w) => w.id === id)) return;
    this.queue.push({ id, priority, seq: this.seq++ });
    this.queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
  }

  /** Gives a slot back (player destroyed) or withdraws a request. */
  release(id: string): void {
    this.active.delete(id);
    this.queue = this.queue.filter((w) => w.id !== id);
  }

  /** Ids allowed to open now: at most one per interval, never above the cap. */
  grant(now: number): string[] {
    const out: string[] = [];
    while (this.queue.length > 0 && this.active.size < this.maxActive && now - this.lastGrantAt >= this.intervalMs) {
      const w = this.queue.shift()!;
      this.active.add(w.id);
      this.lastGrantAt = now;
      out.push(w.id);
    }
    return out;
  }

  /** Milliseconds until grant() can hand out the next slot, or null when nothing can be granted. */
  nextGrantIn(now: number): number | null {
    if (this.queue.length === 0 || this.active.size >= this.maxActive) return null;
    return Math.max(0, this.intervalMs - (now - this.lastGrantAt));
  }

  get activeCount(): number {
    return this.active.size;
  }

  get waitingCount(): number {
    return this.queue.length;
  }
}

/** Main stream in large tiles, sub-stream in small ones (a 3×3 grid on a 1080p monitor is 640 px wide). */
export function qualityForTile(widthCssPx: number, devicePixelRatio: number, large: boolean): StreamQuality {
  if (large) return 'main';
  return widthCssPx * devicePixelRatio < SUB_STREAM_BELOW_PX ? 'sub' : 'main';
}

/** Long HTTP/1.1 streams held open per host, so the seventh FLV tile on a host goes over WebSocket instead of waiting forever. */
export class HostLoad {
  private readonly byHost = new Map<string, Set<string>>();

  open(id: string, protocol: StreamProtocol, url: string): void {
    if (!LONG_HTTP.has(protocol) || !url.startsWith('http')) return;
    const h = hostOf(url);
    let s = this.byHost.get(h);
    if (!s) this.byHost.set(h, (s = new Set()));
    s.add(id);
  }

  close(id: string): void {
    for (const [h, s] of this.byHost) {
      s.delete(id);
      if (s.size === 0) this.byHost.delete(h);
    }
  }

  /** Hosts that already carry the limit of long HTTP streams (not counting `exceptId`'s own). */
  saturated(limit = HTTP_STREAMS_PER_HOST, exceptId?: string): Set<string> {
    const out = new Set<string>();
    for (const [h, s] of this.byHost) if (s.size - (exceptId && s.has(exceptId) ? 1 : 0) >= limit) out.add(h);
    return out;
  }

  count(host: string): number {
    return this.byHost.get(host)?.size ?? 0;
  }
}
