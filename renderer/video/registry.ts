/**
 * Every live player, media element and tile of this window, counted in one place so
 * `wallDiagnostics().video` can prove that a tour of thousands of rotations leaves exactly as
 * many players and <video> elements behind as it started with.
 */
import type { StreamProtocol, StreamQuality, TilePhase } from './types';

export interface TileReport {
  id: number;
  cameraId: string;
  phase: TilePhase;
  protocol: StreamProtocol | null;
  quality: StreamQuality | null;
  fallbackFrom: StreamProtocol | null;
  reconnects: number;
  /** Why the last stream failed (or the snapshot), null while playing. */
  reason: string | null;
  decodedFrames: number;
  droppedFrames: number;
}

export interface VideoDiagnostics {
  players: { live: number; byProtocol: Record<string, number>; opened: number; closed: number };
  tiles: { live: number; byPhase: Record<string, number>; list: TileReport[] };
  mediaElements: { live: number; created: number; removed: number; inDocument: number };
  frames: { decoded: number; dropped: number };
  budget: { active: number; waiting: number };
  /** WebRTC peer connections the WHEP player created and closed: equal once no WHEP tile is left. */
  peerConnections: { created: number; closed: number };
}

const players = new Map<object, StreamProtocol>();
const elements = new Set<HTMLVideoElement | HTMLImageElement>();
const tiles = new Map<number, () => TileReport>();
const totals = { opened: 0, closed: 0, created: 0, removed: 0, decodedClosed: 0, droppedClosed: 0 };
const peers = { created: 0, closed: 0 };
export function peerConnectionCreated(): void {
  peers.created++;
}
export function peerConnectionClosed(): void {
  peers.closed++;
}

let budgetReport: () => { active: number; waiting: number } = () => ({ active: 0, waiting: 0 });

export function playerOpened(p: object, protocol: StreamProtocol): void {
  if (players.has(p)) return;
  players.set(p, protocol);
  totals.opened++;
}

export function playerClosed(p: object): void {
  if (!players.delete(p)) return;
  totals.closed++;
}

export function createMediaElement(kind: 'video' | 'img'): HTMLVideoElement | HTMLImageElement {
  const el = document.createElement(kind);
  el.className = 'cam-media';
  if (el instanceof HTMLVideoElement) {
    // Autoplay is only allowed muted; wall tiles never carry sound.
    el.muted = true;
    el.autoplay = true;
    el.playsInline = true;
    el.disablePictureInPicture = true;
  } else {
    el.alt = '';
    el.decoding = 'async';
  }
  elements.add(el);
  totals.created++;
  return el;
}

function quality(el: HTMLVideoElement | HTMLImageElement): { decoded: number; dropped: number } {
  if (!(el instanceof HTMLVideoElement) || typeof el.getVideoPlaybackQuality !== 'function') return { decoded: 0, dropped: 0 };
  const q = el.getVideoPlaybackQuality();
  return { decoded: q.totalVideoFrames, dropped: q.droppedVideoFrames };
}

export function frameCounts(el: HTMLVideoElement | HTMLImageElement): { decoded: number; dropped: number } {
  return quality(el);
}

/** Takes the element out of the page and the registry; its source must already be released. */
export function removeMediaElement(el: HTMLVideoElement | HTMLImageElement): void {
  if (!elements.delete(el)) return;
  const q = quality(el);
  totals.decodedClosed += q.decoded;
  totals.droppedClosed += q.dropped;
  el.remove();
  totals.removed++;
}

export function registerTile(id: number, report: () => TileReport): () => void {
  tiles.set(id, report);
  return () => tiles.delete(id);
}

export function setBudgetReport(fn: typeof budgetReport): void {
  budgetReport = fn;
}

export function videoDiagnostics(): VideoDiagnostics {
  const byProtocol: Record<string, number> = {};
  for (const p of players.values()) byProtocol[p] = (byProtocol[p] ?? 0) + 1;
  const list = [...tiles.values()].map((r) => r());
  const byPhase: Record<string, number> = {};
  for (const t of list) byPhase[t.phase] = (byPhase[t.phase] ?? 0) + 1;
  let decoded = totals.decodedClosed;
  let dropped = totals.droppedClosed;
  for (const el of elements) {
    const q = quality(el);
    decoded += q.decoded;
    dropped += q.dropped;
  }
  return {
    players: { live: players.size, byProtocol, opened: totals.opened, closed: totals.closed },
    tiles: { live: list.length, byPhase, list },
    mediaElements: {
      live: elements.size,
      created: totals.created,
      removed: totals.removed,
      inDocument: typeof document === 'undefined' ? 0 : document.querySelectorAll('video, img.cam-media').length,
    },
    frames: { decoded, dropped },
    budget: budgetReport(),
    peerConnections: { ...peers },
  };
}
