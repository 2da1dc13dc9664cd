/**
 * One tile's life with one camera: wait for the window budget, open the best stream, watch
 * decoded frames, and when they stop, say so at once and reconnect with backoff, falling back
 * to the camera's next protocol when one keeps failing. Owns exactly one media element and at
 * most one player at a time; destroy() leaves nothing behind.
 */
import type { Camera } from '../../shared/protocol';
import { backoffMs } from './backoff';
import { ProtocolLadder, type Candidate } from './fallback';
import { createPlayer, elementKind, supportedProtocols } from './players';
import { createMediaElement, frameCounts, playerClosed, playerOpened, registerTile, removeMediaElement } from './registry';
import { StallDetector } from './stall';
import type { Player, StreamProtocol, StreamQuality, TilePhase } from './types';
import { watchFrames } from './frames';
import { hostLoad, releaseSlot, requestSlot } from './windowBudget';

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
  private detector: StallDetector | null = null;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private destroyed = false;
  private readonly unregister: () => void;
  /** Wall-clock time of the newest decoded frame: what the tile's clock shows. */
  lastFrameAt: number | null = null;
  state: TileState = { phase: 'idle', protocol: null, quality: null, fallbackFrom: null, stalledSince: null, reason: null, retryAt: null, reconnects: 0 };

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
        decodedFrames: f.decoded,
        droppedFrames: f.dropped,
      };
    });
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
    if (!online && (this.state.phase === 'queued' || this.state.phase === 'connecting' || this.state.phase === 'error')) {
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.teardown();
      this.dropMedia();
      this.set({ phase: 'offline', reason: null, retryAt: null });
    } else if (online && this.state.phase === 'offline') {
      this.attempt = 0;
      this.queue();
    }
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
    if (this.state.phase !== 'stalled') this.set({ phase: 'queued', retryAt: null });
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
    const detector = new StallDetector(performance.now());
    this.detector = detector;
    this.stopWatching = watchFrames(el, () => {
      detector.frame(performance.now());
      this.lastFrameAt = Date.now();
    });
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
      phase: this.state.phase === 'stalled' ? 'stalled' : 'connecting',
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
        this.set({ phase: 'playing', stalledSince: null, reason: null, retryAt: null });
      }
    } else if (s === 'stalled') {
      // Frozen: say so now, keep the last picture (dimmed) until the reconnect, and let the
      // player recover by itself meanwhile (hls.js keeps polling its playlist).
      if (this.state.phase === 'playing') this.scheduleReconnect(this.lastFrameAt ?? Date.now(), null);
    } else if (s === 'timeout') {
      this.failed(this.player, 'no picture');
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
      phase: stalledSince !== null ? 'stalled' : 'error',
      stalledSince: stalledSince ?? this.state.stalledSince,
      reason,
      retryAt: Date.now() + delayMs,
    });
  }

  private failed(player: Player, reason: string): void {
    if (this.destroyed || player !== this.player) return;
    this.ladder.fail(player.protocol);
    // A tile that showed a picture and lost it is frozen since its last frame, whatever the cause.
    const wasStalled =
      this.state.phase === 'stalled' ? this.state.stalledSince : this.state.phase === 'playing' ? (this.lastFrameAt ?? Date.now()) : null;
    this.teardown();
    // The next protocol straight away; once all have failed, back off before the next round.
    const delay = this.ladder.allFailed(this.camera.streams, supportedProtocols()) ? backoffMs(this.attempt++) : NEXT_PROTOCOL_MS;
    this.scheduleReconnect(wasStalled, reason, delay);
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
    this.destroyed = true;
    this.unregister();
  }
}
