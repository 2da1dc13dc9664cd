/** HLS through hls.js (MSE), or the browser's own HLS where MSE is missing. No worker: the CSP allows none from blob:. */
import type { Player, PlayerOptions } from '../types';

type HlsModule = typeof import('hls.js');

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
        backBufferLength: 4,
        manifestLoadingMaxRetry: 1,
        levelLoadingMaxRetry: 2,
        fragLoadingMaxRetry: 2,
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
