/**
 * This window's live freshness inputs, outside React: which elements are on screen (counted
 * as marks mount and unmount) and since when the link has been in its current state.
 */
import { useWall, type ConnectionState } from '../state/store';
import type { ElementId } from './contract';

const mounted = new Map<ElementId, number>();

/** Called by a mark on mount; returns the release for unmount. */
export function elementShown(id: ElementId): () => void {
  mounted.set(id, (mounted.get(id) ?? 0) + 1);
  return () => {
    const n = (mounted.get(id) ?? 1) - 1;
    if (n <= 0) mounted.delete(id);
    else mounted.set(id, n);
  };
}

export function shownElements(): ElementId[] {
  return [...mounted.keys()];
}

let linkState: ConnectionState | null = null;
let linkSince: number | null = null;
let watching = false;

/** Starts following the store's connection state (idempotent). */
export function watchLink(): void {
  if (watching) return;
  watching = true;
  const note = (c: ConnectionState) => {
    if (c === linkState) return;
    // "connecting" → "reconnecting" is the same outage: keep its start.
    const stillDown = linkState !== null && linkState !== 'connected' && c !== 'connected';
    linkState = c;
    if (!stillDown) linkSince = Date.now();
  };
  note(useWall.getState().connection);
  useWall.subscribe((s) => note(s.connection));
}

/** When the link entered its current state (connected, or down), epoch ms. */
export function linkStateSince(): number | null {
  watchLink();
  return linkSince;
}
