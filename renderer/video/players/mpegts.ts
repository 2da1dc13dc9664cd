/**
 * HTTP-FLV, WebSocket-FLV and MPEG-TS through mpegts.js: live mode, no lazy loading, a small
 * stash and latency chasing, so a tile stays within a second or two of the camera. No worker
 * (CSP).
 */
import type { Player, PlayerOptions, StreamProtocol } from '../types';
import { createWsFlvLoader, type BaseLoaderClass, type SocketClass } from './wsFlvLoader';

type MpegtsModule = typeof import('mpegts.js');
type MpegtsPlayer = ReturnType<MpegtsModule['default']['createPlayer']>;

/** One quiet WebSocket loader class per page (see wsFlvLoader.ts). */
let wsLoader: ReturnType<typeof createWsFlvLoader> | null = null;
function quietWsLoader(mpegts: MpegtsModule['default']): ReturnType<typeof createWsFlvLoader> {
  wsLoader ??= createWsFlvLoader(mpegts.BaseLoader as unknown as BaseLoaderClass, WebSocket as unknown as SocketClass);
  return wsLoader;
}

export class MpegtsPlayer_ implements Player {
  readonly element: HTMLVideoElement;
  private player: MpegtsPlayer | null = null;
  private destroyed = false;

  constructor(
    readonly protocol: Extract<StreamProtocol, 'http-flv' | 'ws-flv' | 'mpegts'>,
    private readonly o: PlayerOptions,
  ) {
    if (!(o.element instanceof HTMLVideoElement)) throw new Error(`${protocol} needs a <video>`);
    this.element = o.element;
  }

  start(): void {
    void import('mpegts.js').then(
      (m) => this.attach(m),
      (e: unknown) => this.o.events.error(`mpegts.js failed to load: ${String(e)}`),
    );
  }

  private attach(m: MpegtsModule): void {
    if (this.destroyed) return;
    const mpegts = m.default;
    if (!mpegts.getFeatureList().mseLivePlayback) {
      this.o.events.error(`${this.protocol}: this browser cannot play live MSE streams`);
      return;
    }
    mpegts.LoggingControl.enableAll = false;
    const player = mpegts.createPlayer(
      // A wall plays no sound; declaring no audio also keeps mpegts.js from waiting for audio
      // that a gateway's FLV header announces but never sends.
      { type: this.protocol === 'mpegts' ? 'mpegts' : 'flv', isLive: true, url: this.o.url, hasAudio: false },
      {
        enableWorker: false,
        enableWorkerForMSE: false,
        lazyLoad: false,
        enableStashBuffer: false,
        stashInitialSize: 128 * 1024,
        liveBufferLatencyChasing: true,
        liveBufferLatencyMaxLatency: 1.5,
        liveBufferLatencyMinRemain: 0.3,
        autoCleanupSourceBuffer: true,
        autoCleanupMaxBackwardDuration: 10,
        autoCleanupMinBackwardDuration: 5,
        // Destroying a tile while its socket connects must not throw (tours do it constantly).
        ...(this.protocol === 'ws-flv' ? { customLoader: quietWsLoader(mpegts) as never } : {}),
      },
    );
    this.player = player;
    player.on(mpegts.Events.ERROR, (type: string, detail: string, info?: { msg?: string; code?: number }) => {
      if (!this.destroyed) this.o.events.error(`${this.protocol} ${type}: ${detail}${info?.code ? ` (${info.code})` : ''}${info?.msg ? ` ${info.msg}` : ''}`);
    });
    // A live stream that "completes" has ended at the source.
    player.on(mpegts.Events.LOADING_COMPLETE, () => {
      if (!this.destroyed) this.o.events.error(`${this.protocol}: stream ended`);
    });
    player.attachMediaElement(this.element);
    player.load();
    const played = player.play();
    if (played && typeof (played as Promise<void>).catch === 'function') (played as Promise<void>).catch(() => undefined);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const p = this.player;
    this.player = null;
    if (p) {
      try {
        p.pause();
        p.unload();
        p.detachMediaElement();
      } finally {
        p.destroy();
      }
    }
    this.element.removeAttribute('src');
    this.element.load();
  }
}

export { MpegtsPlayer_ as MpegtsPlayer };
