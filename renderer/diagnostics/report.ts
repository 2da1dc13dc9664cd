/** `window.wallDiagnostics()`: one JSON snapshot of the wall's health, used by end-to-end tests. */
import { TOPICS, type Topic } from '../../shared/protocol';
import { world } from '../data/world';
import { useWall } from '../state/store';
import { metrics, messagesPerSecond } from '../stream/metrics';
import { commandOutbox, sequencer } from '../stream/client';
import { staleTopics, type StaleTopic } from '../stream/staleness';
import { videoDiagnostics, type VideoDiagnostics } from '../video/registry';
import { frameStats } from './frames';
import { worldDump, worldEntity, type WorldDump } from './worldDump';
import { healthItems, type HealthItem } from '../freshness/freshness';
import { linkStateSince, shownElements, watchLink } from '../freshness/live';
import { pcDiagnostics, startPcHealth, type PcDiagnostics } from '../freshness/healthBroadcast';
import { windowLabel } from '../freshness/pcHealth';

export interface MapDiagnostics {
  ready: boolean;
  layers: Record<string, { visible: boolean; count: number }>;
  /** The map's camera, so a test can project a place to the screen (Web Mercator, 512-pixel tiles). */
  viewport?: { longitude: number; latitude: number; zoom: number; width: number; height: number };
  /**
   * Whether units glide between reports and why not ('sub-pixel': the last batch's largest move
   * is under a pixel at this zoom; 'slow-renderer': one draw costs over 40 ms, units snap;
   * 'dense-dots': thousands of units at city zoom are drawn as dots at their reports),
   * with that move in CSS pixels and the smoothed cost of one drawn frame.
   */
  glide?: { on: boolean; reason: 'visible-moves' | 'sub-pixel' | 'slow-renderer' | 'dense-dots'; stepPx: number; drawCostMs: number };
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
  /** Camera tiles: players by protocol, tiles by state, media elements, decoded/dropped frames. */
  video: VideoDiagnostics;
  /** Topics silent for longer than their expected interval, oldest first. */
  stale: StaleTopic[];
  /** Longest gap between two animation frames since the window opened, ms. */
  longestFrameGapMs: number;
  /** Console commands: waiting for the link or an answer, re-sent, and reported failed. */
  commands: { pending: number; submitted: number; retried: number; failed: number };
  /** The wall health panel: what on this window is stale, disconnected or failing. */
  health: HealthItem[];
  /** Every other window of this PC, from their reports on the health channel. */
  pc: PcDiagnostics;
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
  const video = videoDiagnostics();
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
    video,
    stale: staleTopics(metrics.lastMessageAt, now, s.connectedSince).sort((a, b) => b.ageS - a.ageS),
    longestFrameGapMs: Math.round(frameStats.longestGapMs),
    health: [],
    pc: pcDiagnostics(now),
    commands: { ...(commandOutbox()?.stats ?? { pending: 0, submitted: 0, retried: 0, failed: 0 }) },
  };
  out.health = localHealth(now, video);
  if (mapDiagnostics.current) {
    const m = mapDiagnostics.current;
    out.map = { ready: m.ready, layers: structuredClone(m.layers) };
    if (m.viewport) out.map.viewport = { ...m.viewport };
    if (m.glide) out.map.glide = { ...m.glide };
  }
  return out;
}

declare global {
  interface Window {
    wallDiagnostics?: () => WallDiagnostics;
    /** Entity-by-entity digest of the window's data; present only with diag=1. */
    wallWorldDump?: () => WorldDump;
    /** One entity's digest from the same source; present only with diag=1. */
    wallWorldEntity?: (topic: Topic, id: string) => string | null;
  }
}

/** Camera tiles that cannot show their camera: stalled or failed players (not cameras reported offline). */
function failingTiles(video: VideoDiagnostics): { what: string; detail: string; since: null }[] {
  return video.tiles.list
    .filter((t) => t.phase === 'stalled' || t.phase === 'error')
    .map((t) => ({ what: `camera:${t.cameraId}`, detail: `${t.phase}${t.protocol ? ` ${t.protocol}` : ''}`, since: null }));
}

/** What on this window is stale, disconnected or failing: the health panel's own rows. */
export function localHealth(now = Date.now(), video: VideoDiagnostics = videoDiagnostics()): HealthItem[] {
  const s = useWall.getState();
  return healthItems({
    connection: s.connection,
    connectionSince: linkStateSince(),
    ...(s.connectionError ? { connectionDetail: `${s.connectionError.code}: ${s.connectionError.message}`.slice(0, 200) } : {}),
    lastMessageAt: metrics.lastMessageAt,
    elements: shownElements(),
    now,
    failing: failingTiles(video),
  });
}

function newestData(): number | null {
  let newest: number | null = null;
  for (const t of TOPICS) {
    const at = metrics.lastMessageAt[t];
    if (at !== null && (newest === null || at > newest)) newest = at;
  }
  return newest;
}

/** Publishes this window's health to the other windows of the PC, every 2 s. */
function startHealthReports(view: string): void {
  const params = new URLSearchParams(window.location.search);
  const label = windowLabel(params, view);
  startPcHealth(label, () => {
    const s = useWall.getState();
    return {
      view: s.settings?.view ?? view,
      connection: s.connection,
      connectionSince: linkStateSince(),
      lastDataAt: newestData(),
      items: localHealth(),
    };
  });
}

export function installDiagnostics(): void {
  window.wallDiagnostics = wallDiagnostics;
  watchLink();
  // The dump exposes every entity: only on a window started with diagnostics on.
  const apply = (): boolean => {
    const settings = useWall.getState().settings;
    if (settings) startHealthReports(settings.view);
    if (settings?.diag) {
      window.wallWorldDump = worldDump;
      window.wallWorldEntity = worldEntity;
    }
    return settings !== null && settings !== undefined;
  };
  if (apply()) return;
  const stop = useWall.subscribe(() => {
    if (apply()) stop();
  });
}
