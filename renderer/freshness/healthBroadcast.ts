/**
 * The browser side of the PC's health: publishes this window's summary on the
 * 'qujing-health' BroadcastChannel every 2 s and keeps the other windows' reports. Windows of
 * one PC share an origin (the Electron app protocol, or the demo web server), so no IPC is
 * needed; the channel never leaves the machine.
 */
import { HEALTH_CHANNEL, HEALTH_PUBLISH_MS, PeerTable, makeSummary, type PeerHealth, type WindowSummary } from './pcHealth';

export interface PcDiagnostics {
  /** This window on the channel. */
  self: { id: string; label: string };
  /** False where BroadcastChannel is missing: only this window is known. */
  channel: boolean;
  /** The other windows of this PC, by label. */
  windows: PeerHealth[];
  /** Messages on the channel that failed validation. */
  rejected: number;
  lastRejection: string;
}

type LocalSummary = Omit<WindowSummary, 'kind' | 'v' | 'id' | 'label' | 'at' | 'items'> & { items: WindowSummary['items'] };

const selfId = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `w-${Math.random().toString(36).slice(2)}`;
const table = new PeerTable(selfId);
let channel: BroadcastChannel | null = null;
let label = '';
let timer: ReturnType<typeof setInterval> | null = null;

/** Starts publishing (idempotent). `local` is read at every publish. */
export function startPcHealth(windowLabel: string, local: () => LocalSummary): void {
  if (timer !== null) return;
  label = windowLabel.slice(0, 80);
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(HEALTH_CHANNEL);
    channel.onmessage = (e: MessageEvent) => table.receive(e.data, Date.now());
    channel.onmessageerror = () => table.receive(undefined, Date.now());
  }
  const publish = () => {
    if (!channel) return;
    try {
      channel.postMessage(makeSummary({ id: selfId, label, at: Date.now(), ...local() }));
    } catch (err) {
      console.warn(`[health] publish failed: ${String(err).slice(0, 200)}`);
    }
  };
  publish();
  timer = setInterval(publish, HEALTH_PUBLISH_MS);
}

export function pcDiagnostics(now = Date.now()): PcDiagnostics {
  return { self: { id: selfId, label }, channel: channel !== null, windows: table.list(now), rejected: table.rejected, lastRejection: table.lastRejection };
}
