/** HLS through hls.js (MSE), or the browser's own HLS where MSE is missing. No worker: the CSP allows none from blob:. */
import type { LoadPolicy, PlaylistLoaderConstructor } from 'hls.js';
import type { Player, PlayerOptions } from '../types';
import { rebasingPlaylistLoader } from './hlsPlaylist';

type HlsModule = typeof import('hls.js');

/**
 * Loading limits for live camera HLS. A dead camera's playlist or segment is retried a couple of
 * times with growing delays, then the error is fatal and the tile (session.ts) moves on to the
 * next protocol and its own back-off: hls.js never loops on a dead URL, and a tile on a dead
 * HLS path gives up within a few seconds instead of the default 64 s.
 */
function policy(ttfbMs: number, loadMs: number, retries: number, delayMs: number, maxDelayMs: number): LoadPolicy {
  return {
    default: {
      maxTimeToFirstByteMs: ttfbMs,
      maxLoadTimeMs: loadMs,
      timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: retries, retryDelayMs: delayMs, maxRetryDelayMs: maxDelayMs },
    },
  };
}
export const HLS_LOAD_POLICIES = {
  manifestLoadPolicy: policy(5000, 8000, 1, 1000, 1000),
  playlistLoadPolicy: policy(5000, 8000, 2, 500, 2000),
  fragLoadPolicy: policy(5000, 10_000, 3, 500, 2000),
};

export class HlsPlayer implements Player {
  readonly protocol = 'hls' as const;
  readonly element: HTMLVideoElement;
  private hls: InstanceType<HlsModule['default']> | null = null;
  private destroyed = false;

  constructor(private readonly o: PlayerOptions) {
    if (!(o.element instanceof HTMLVideoElement)) throw new Error('hls needs a <video>');
    this.element = o.element;
  }

  start(): void {
    void import('hls.js').then(
      (m) => this.attach(m),
      (e: unknown) => this.o.events.error(`hls.js failed to load: ${String(e)}`),
    );
  }

  private attach({ default: Hls }: HlsModule): void {
    if (this.destroyed) return;
    const video = this.element;
    if (Hls.isSupported()) {
      const hls = new Hls({
        enableWorker: false,
        lowLatencyMode: true,
        liveSyncDurationCount: 2,
        liveMaxLatencyDurationCount: 6,
        maxBufferLength: 8,
        maxMaxBufferLength: 12,
        backBufferLength: 4,
        ...HLS_LOAD_POLICIES,
        pLoader: rebasingPlaylistLoader(Hls.DefaultConfig.loader as never) as unknown as PlaylistLoaderConstructor,
      });
      this.hls = hls;
      hls.on(Hls.Events.ERROR, (_e, d) => {
        if (d.fatal && !this.destroyed) this.o.events.error(`hls ${d.type}: ${d.details}${d.response?.code ? ` (HTTP ${d.response.code})` : ''}`);
      });
      hls.loadSource(this.o.url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = this.o.url;
    } else {
      this.o.events.error('hls: this browser has neither MSE nor native HLS');
      return;
    }
    video.play().catch(() => undefined);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.hls?.destroy();
    this.hls = null;
    this.element.removeAttribute('src');
    this.element.load();
  }
}
