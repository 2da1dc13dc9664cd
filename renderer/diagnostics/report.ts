/** `window.wallDiagnostics()`: one JSON snapshot of the wall's health, used by end-to-end tests. */
import { TOPICS, type Topic } from '../../shared/protocol';
import { world } from '../data/world';
import { useWall } from '../state/store';
import { metrics, messagesPerSecond } from '../stream/metrics';
import { sequencer } from '../stream/client';
import { frameStats } from './frames';

export interface MapDiagnostics {
  ready: boolean;
  layers: Record<string, { visible: boolean; count: number }>;
  /** The map's camera, so a test can project a place to the screen (Web Mercator, 512-pixel tiles). */
  viewport?: { longitude: number; latitude: number; zoom: number; width: number; height: number };
}

export interface WallDiagnostics {
  connection: 'connected' | 'reconnecting' | 'offline';
  fps: number;
  frameMsP95: number;
  messagesPerSecond: number;
  counts: {
    incidents: number;
    units: number;
    cameras: number;
    drainage: number;
    alarms: number;
    cityEvents: number;
    faceHits: number;
    history: number;
  };
  lastMessageAgeMs: Record<Topic, number | null>;
  seq: Record<Topic, number>;
  rejected: { total: number; recent: string[] };
  resyncs: number;
  view: string;
  map?: MapDiagnostics;
  firstDataAt: number | null;
}

/** Filled in by the map view while it is mounted. */
export const mapDiagnostics: { current: MapDiagnostics | null } = { current: null };

export function wallDiagnostics(): WallDiagnostics {
  const s = useWall.getState();
  const now = Date.now();
  const pnow = performance.now();
  const c = world.counts();
  const lastMessageAgeMs = {} as Record<Topic, number | null>;
  for (const t of TOPICS) {
    const at = metrics.lastMessageAt[t];
    lastMessageAgeMs[t] = at === null ? null : now - at;
  }
  const out: WallDiagnostics = {
    connection: s.connection === 'connected' ? 'connected' : s.connection === 'offline' ? 'offline' : 'reconnecting',
    fps: frameStats.fps(pnow),
    frameMsP95: frameStats.p95(pnow),
    messagesPerSecond: messagesPerSecond(now),
    counts: {
      incidents: c.incidents,
      units: c.units,
      cameras: c.cameras,
      drainage: c.drainage,
      alarms: c.alarms,
      cityEvents: c['city-events'],
      faceHits: c['face-hits'],
      history: world.history.count,
    },
    lastMessageAgeMs,
    seq: sequencer.seqs(),
    rejected: { total: metrics.rejected.total, recent: [...metrics.rejected.recent] },
    resyncs: metrics.resyncs,
    view: s.settings?.view ?? 'none',
    firstDataAt: metrics.firstDataAt,
  };
  if (mapDiagnostics.current) {
    const m = mapDiagnostics.current;
    out.map = { ready: m.ready, layers: structuredClone(m.layers) };
    if (m.viewport) out.map.viewport = { ...m.viewport };
  }
  return out;
}

declare global {
  interface Window {
    wallDiagnostics?: () => WallDiagnostics;
  }
}

export function installDiagnostics(): void {
  window.wallDiagnostics = wallDiagnostics;
}
