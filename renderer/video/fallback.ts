/**
 * Which stream of a camera to try next. The backend lists a camera's streams in its order of
 * preference (e.g. WebRTC, WS-FLV, HTTP-FLV, HLS); the wall drops those this browser cannot
 * play, prefers the quality the tile asked for, and moves a protocol down each time it fails,
 * so a broken gateway path falls back to the next one and comes back once the others fail too.
 * Pure: no DOM.
 */
import type { CameraStream, StreamProtocol, StreamQuality } from './types';

export interface Candidate {
  protocol: StreamProtocol;
  quality: StreamQuality;
  url: string;
}

/** Protocols held open as one long HTTP/1.1 response: each takes one of the browser's six connections per host. */
export const LONG_HTTP: ReadonlySet<StreamProtocol> = new Set(['http-flv', 'mpegts', 'mjpeg']);

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export interface OrderOptions {
  supported: ReadonlySet<StreamProtocol>;
  quality: StreamQuality;
  /** Failures so far per protocol for this camera. */
  failures?: ReadonlyMap<StreamProtocol, number>;
  /** Hosts whose HTTP/1.1 connections are all taken by long streams: prefer anything else there. */
  saturatedHosts?: ReadonlySet<string>;
}

export function orderCandidates(streams: readonly CameraStream[], o: OrderOptions): Candidate[] {
  const keyed = streams
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => o.supported.has(s.protocol))
    .map(({ s, index }) => ({
      c: { protocol: s.protocol, quality: s.quality, url: s.url },
      key: [
        o.failures?.get(s.protocol) ?? 0,
        LONG_HTTP.has(s.protocol) && o.saturatedHosts?.has(hostOf(s.url)) ? 1 : 0,
        s.quality === o.quality ? 0 : 1,
        index,
      ],
    }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
    return 0;
  });
  return keyed.map((k) => k.c);
}

/** Failure counts of one camera's protocols, with the protocol that played last. */
export class ProtocolLadder {
  readonly failures = new Map<StreamProtocol, number>();
  /** The first protocol this camera tried: a tile playing anything else shows "fallback from X". */
  first: StreamProtocol | null = null;

  fail(p: StreamProtocol): void {
    this.failures.set(p, (this.failures.get(p) ?? 0) + 1);
  }

  /** A protocol that plays again is trusted again. */
  succeed(p: StreamProtocol): void {
    this.failures.delete(p);
  }

  /** Forget every failure: the camera came back, so its preferred protocol goes first again. */
  reset(): void {
    this.failures.clear();
  }

  /** True when every playable protocol of the camera has failed since one last played: the camera, not a path, is down. */
  allFailed(streams: readonly CameraStream[], supported: ReadonlySet<StreamProtocol>): boolean {
    const ps = streams.filter((s) => supported.has(s.protocol)).map((s) => s.protocol);
    return ps.length > 0 && ps.every((p) => (this.failures.get(p) ?? 0) > 0);
  }

  next(streams: readonly CameraStream[], o: Omit<OrderOptions, 'failures'>): Candidate | null {
    // Once every protocol has failed, start the next round from the camera's preferred one
    // again: after an outage the camera comes back on its best path, not on its last resort.
    if (this.allFailed(streams, o.supported)) {
      const min = Math.min(...streams.filter((s) => o.supported.has(s.protocol)).map((s) => this.failures.get(s.protocol) ?? 0));
      for (const [p, n] of this.failures) this.failures.set(p, n - min);
    }
    const c = orderCandidates(streams, { ...o, failures: this.failures })[0] ?? null;
    if (c && this.first === null) this.first = c.protocol;
    return c;
  }

  fallbackFrom(current: StreamProtocol | null): StreamProtocol | null {
    return current !== null && this.first !== null && current !== this.first ? this.first : null;
  }
}
