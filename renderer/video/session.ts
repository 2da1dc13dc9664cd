/**
 * One tile's life with one camera: wait for the window budget, open the best stream, watch
 * decoded frames, and when they stop, say so at once and reconnect with backoff, falling back
 * to the camera's next protocol when one keeps failing. When every protocol has failed, the
 * camera's snapshot is shown (labelled as not live) while live keeps being retried; when the
 * camera comes back online, back-off is forgotten and live is tried at once. Owns exactly one
 * media element and at most one player at a time; destroy() leaves nothing behind.
 */
import type { Camera } from '../../shared/protocol';
import { backoffMs } from './backoff';
import { ProtocolLadder, type Candidate } from './fallback';
import { createPlayer, elementKind, supportedProtocols } from './players';
import { createMediaElement, frameCounts, playerClosed, playerOpened, registerTile, removeMediaElement } from './registry';
import { LivenessJudge } from './stall';
import type { Player, StreamProtocol, StreamQuality, TilePhase } from './types';
import { watchFrames } from './frames';
import { hostLoad, releaseSlot, requestSlot } from './windowBudget';
import { SnapshotView } from './snapshot';

const CHECK_MS = 500;
/** Pause before trying the next protocol after one failed (the camera itself may be fine). */
const NEXT_PROTOCOL_MS = 300;

export interface TileState {
  phase: TilePhase;
  protocol: StreamProtocol | null;
  quality: StreamQuality | null;
  fallbackFrom: StreamProtocol | null;
  /** Wall-clock time of the last decoded frame before the stall. */
  stalledSince: number | null;
  reason: string | null;
  /** Wall-clock time of the next reconnect attempt. */
  retryAt: number | null;
  reconnects: number;
  /** Wall-clock time the snapshot shown in phase 'snapshot' was fetched. */
  snapshotAt: number | null;
}

export interface TileOptions {
  quality: StreamQuality;
  priority: number;
  onState(s: TileState): void;
}

let nextId = 1;

export class TileSession {
  readonly id = nextId++;
  private readonly slot = `tile-${this.id}`;
  private readonly ladder = new ProtocolLadder();
  private player: Player | null = null;
  private element: HTMLVideoElement | HTMLImageElement | null = null;
  private stopWatching: (() => void) | null = null;
  private detector: LivenessJudge | null = null;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private destroyed = false;
  private snapshot: SnapshotView | null = null;
  private online: boolean;
  private readonly unregister: () => void;
  /** Wall-clock time of the newest decoded frame: what the tile's clock shows. */
  lastFrameAt: number | null = null;
  state: TileState = { phase: 'idle', protocol: null, quality: null, fallbackFrom: null, stalledSince: null, reason: null, retryAt: null, reconnects: 0, snapshotAt: null };

  constructor(
    private readonly host: HTMLElement,
    private readonly camera: Camera,
    private readonly o: TileOptions,
  ) {
    this.unregister = registerTile(this.id, () => {
      const f = this.element ? frameCounts(this.element) : { decoded: 0, dropped: 0 };
      return {
        id: this.id,
        cameraId: camera.id,
        phase: this.state.phase,
        protocol: this.state.protocol,
        quality: this.state.quality,
        fallbackFrom: this.state.fallbackFrom,
        reconnects: this.state.reconnects,
        reason: this.state.reason,
        decodedFrames: f.decoded,
        droppedFrames: f.dropped,
      };
    });
    this.online = camera.online;
    if (!camera.online) this.set({ phase: 'offline' });
    else this.queue();
  }

  /**
   * The camera's `online` flag changed. A tile that never played stops or starts at once; one
   * that played keeps its frozen picture, shows the stall and retries with back-off, since the
   * URLs play again when the camera returns, before or after the delta says so.
   */
  setOnline(online: boolean): void {
    if (this.destroyed) return;
    const returned = online && !this.online;
    this.online = online;
    if (!online && (this.state.phase === 'queued' || this.state.phase === 'connecting' || this.state.phase === 'error')) {
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.teardown();
      this.dropMedia();
      this.dropSnapshot();
      this.set({ phase: 'offline', reason: null, retryAt: null });
    } else if (returned) {
      this.retryNow();
    }
  }

  /**
   * The camera is back: forget the back-off and the failed protocols and open its preferred
   * stream now, instead of waiting out a delay of up to 30 s that began while it was down.
   */
  private retryNow(): void {
    const phase = this.state.phase;
    this.attempt = 0;
    this.ladder.reset();
    if (phase === 'playing' || phase === 'queued' || phase === 'nostream') return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.teardown();
    if (phase !== 'offline' && phase !== 'idle') this.set({ reconnects: this.state.reconnects + 1 });
    this.queue();
  }

  private set(patch: Partial<TileState>): void {
    if (this.destroyed) return;
    this.state = { ...this.state, ...patch };
    this.o.onState(this.state);
  }

  private pick(): Candidate | null {
    return this.ladder.next(this.camera.streams, {
      supported: supportedProtocols(),
      quality: this.o.quality,
      saturatedHosts: hostLoad.saturated(undefined, this.slot),
    });
  }

  private queue(): void {
    if (!this.pick()) {
      this.set({ phase: 'nostream', reason: this.camera.streams.length === 0 ? null : 'unsupported' });
      return;
    }
    if (this.state.phase !== 'stalled' && this.state.phase !== 'snapshot') this.set({ phase: 'queued', retryAt: null });
    else this.set({ retryAt: null });
    requestSlot(this.slot, this.o.priority, () => this.open());
  }

  private open(): void {
    if (this.destroyed) return;
    const c = this.pick();
    if (!c) {
      releaseSlot(this.slot);
      this.set({ phase: 'nostream' });
      return;
    }
    this.dropMedia();
    hostLoad.open(this.slot, c.protocol, c.url);
    const el = createMediaElement(elementKind(c.protocol));
    this.host.prepend(el);
    this.element = el;
    const player = createPlayer(c.protocol, { url: c.url, element: el, events: { error: (r) => this.failed(player, r) } });
    this.player = player;
    playerOpened(player, c.protocol);
    const detector = new LivenessJudge(performance.now(), { stillImages: el instanceof HTMLImageElement });
    this.detector = detector;
    this.stopWatching = watchFrames(
      el,
      (mediaTimeS) => {
        detector.frame(performance.now(), mediaTimeS);
        this.lastFrameAt = Date.now();
        // Say "playing" on the frame that proves it, not at the next periodic check.
        if (this.state.phase !== 'playing') this.check();
      },
      (endS) => detector.frontier(performance.now(), endS),
    );
    if (el instanceof HTMLVideoElement) {
      const onMediaError = () => this.failed(player, `media error ${el.error?.code ?? ''} ${el.error?.message ?? ''}`.trim());
      el.addEventListener('error', onMediaError);
      const stop = this.stopWatching;
      this.stopWatching = () => {
        stop();
        el.removeEventListener('error', onMediaError);
      };
    }
    this.checkTimer = setInterval(() => this.check(), CHECK_MS);
    this.set({
      // A frozen picture or a snapshot stays what the tile shows until live really plays.
      phase: this.state.phase === 'stalled' || this.state.phase === 'snapshot' ? this.state.phase : 'connecting',
      protocol: c.protocol,
      quality: c.quality,
      fallbackFrom: this.ladder.fallbackFrom(c.protocol),
      retryAt: null,
    });
    player.start();
  }

  private check(): void {
    if (!this.detector || !this.player) return;
    const s = this.detector.state(performance.now());
    if (s === 'playing') {
      if (this.state.phase !== 'playing') {
        this.ladder.succeed(this.player.protocol);
        this.attempt = 0;
        if (this.retryTimer !== null) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.dropSnapshot();
        this.set({ phase: 'playing', stalledSince: null, reason: null, retryAt: null, snapshotAt: null });
      }
    } else if (s === 'stalled') {
      // Frozen: say so now, keep the last picture (dimmed) until the reconnect, and let the
      // player recover by itself meanwhile (hls.js keeps polling its playlist).
      if (this.state.phase === 'playing') this.scheduleReconnect(this.lastFrameAt ?? Date.now(), null);
      // Old pictures only (a gateway's cached GOP) and then nothing: the upstream is still
      // dead. A failed attempt, never a success: the back-off keeps growing.
      else if (!this.detector.provenLive) this.failed(this.player, 'no live picture (cached frames only)');
    } else if (s === 'timeout') {
      this.failed(this.player, timeoutReason(this.detector, performance.now()));
    }
  }

  private scheduleReconnect(stalledSince: number | null, reason: string | null, delayMs = backoffMs(this.attempt++)): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.teardown();
      this.set({ reconnects: this.state.reconnects + 1 });
      this.queue();
    }, delayMs);
    this.set({
      phase: this.snapshot && this.state.snapshotAt !== null ? 'snapshot' : stalledSince !== null ? 'stalled' : 'error',
      stalledSince: stalledSince ?? this.state.stalledSince,
      reason,
      retryAt: Date.now() + delayMs,
    });
  }

  private failed(player: Player, reason: string): void {
    if (this.destroyed || player !== this.player) return;
    this.ladder.fail(player.protocol);
    // A tile that showed a picture and lost it is frozen since its last frame, whatever the cause.
    const phase = this.state.phase;
    const wasStalled = phase === 'stalled' || phase === 'snapshot' ? this.state.stalledSince : phase === 'playing' ? (this.lastFrameAt ?? Date.now()) : null;
    this.teardown();
    // The next protocol straight away; once all have failed, back off before the next round
    // and show the snapshot meanwhile.
    const allFailed = this.ladder.allFailed(this.camera.streams, supportedProtocols());
    const delay = allFailed ? backoffMs(this.attempt++) : NEXT_PROTOCOL_MS;
    if (allFailed) this.startSnapshot();
    this.scheduleReconnect(wasStalled, reason, delay);
  }

  /** Shows the camera's snapshot, refreshed, until live plays again or the snapshot fails too. */
  private startSnapshot(): void {
    const url = this.camera.snapshotUrl;
    if (!url || this.snapshot) return;
    const view = new SnapshotView(this.host, url, {
      shown: (at) => {
        if (this.snapshot !== view || this.state.phase === 'playing') return;
        this.set({ phase: 'snapshot', snapshotAt: at });
      },
      failed: (reason) => {
        if (this.snapshot !== view) return;
        this.snapshot = null;
        const phase = this.state.phase;
        if (phase === 'playing') return;
        this.set({
          phase: this.state.stalledSince !== null ? 'stalled' : 'error',
          snapshotAt: null,
          reason: this.state.reason ? `${this.state.reason} · ${reason}` : reason,
        });
      },
    });
    this.snapshot = view;
  }

  private dropSnapshot(): void {
    this.snapshot?.destroy();
    this.snapshot = null;
  }

  /** Stops the player and frees the budget slot; the element stays until replaced, showing nothing. */
  private teardown(): void {
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
    this.stopWatching?.();
    this.stopWatching = null;
    this.detector = null;
    if (this.player) {
      const p = this.player;
      this.player = null;
      try {
        p.destroy();
      } finally {
        playerClosed(p);
      }
    }
    releaseSlot(this.slot);
  }

  private dropMedia(): void {
    if (this.element) removeMediaElement(this.element);
    this.element = null;
  }

  destroy(): void {
    if (this.destroyed) return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.teardown();
    this.dropMedia();
    this.dropSnapshot();
    this.destroyed = true;
    this.unregister();
  }
}

/**
 * Why a connection never proved live: nothing decoded at all, or pictures that never kept up
 * with real time (a decoder starved on a busy machine, a gateway trickling old frames). The
 * officer and the log see which, with the pace measured.
 */
export function timeoutReason(judge: LivenessJudge, now: number): string {
  if (judge.frameCount === 0) return 'no picture';
  const p = judge.pacing(now);
  const pace = Math.round(100 * Math.min(p.presented, p.received ?? Infinity));
  return `picture too slow to be live (${pace} % of real time)`;
}
