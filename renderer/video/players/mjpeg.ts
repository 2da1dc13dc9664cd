/**
 * MJPEG: the multipart/x-mixed-replace stream is read with fetch and split into JPEGs
 * (multipart.ts); each picture becomes the <img>'s source as a blob URL, so every new picture
 * fires `load`, which is the frame signal (Chromium fires `load` only once for a multipart
 * <img>, which would make a live MJPEG tile look frozen). An ended or broken stream is an error.
 */
import type { Player, PlayerOptions } from '../types';
import { MultipartSplitter, boundaryOf } from './multipart';

export class MjpegPlayer implements Player {
  readonly protocol = 'mjpeg' as const;
  readonly element: HTMLImageElement;
  private destroyed = false;
  private readonly abort = new AbortController();
  private shown: string | null = null;
  /** A picture still decoding: newer ones wait (replacing it) so a slow tile does not queue. */
  private pending: Blob | null = null;
  private decoding = false;
  /** The blob URL being decoded, released on destroy even if its `load` never comes. */
  private inflight: string | null = null;

  constructor(private readonly o: PlayerOptions) {
    if (!(o.element instanceof HTMLImageElement)) throw new Error('mjpeg needs an <img>');
    this.element = o.element;
  }

  start(): void {
    void this.read().catch((e: unknown) => this.fail(`mjpeg: ${e instanceof Error ? e.message : String(e)}`));
  }

  private fail(reason: string): void {
    if (!this.destroyed) this.o.events.error(reason);
  }

  private async read(): Promise<void> {
    const res = await fetch(this.o.url, { cache: 'no-store', signal: this.abort.signal, credentials: 'omit' });
    if (!res.ok || !res.body) return this.fail(`mjpeg: HTTP ${res.status}`);
    const boundary = boundaryOf(res.headers.get('content-type'));
    if (!boundary) return this.fail(`mjpeg: not a multipart stream (${res.headers.get('content-type') ?? 'no type'})`);
    const splitter = new MultipartSplitter(boundary);
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (this.destroyed) return;
      if (done) return this.fail('mjpeg: stream ended');
      const parts = splitter.push(value);
      const last = parts.at(-1);
      if (last) this.show(new Blob([last as BlobPart], { type: 'image/jpeg' }));
    }
  }

  private show(picture: Blob): void {
    if (this.decoding) {
      this.pending = picture;
      return;
    }
    this.decoding = true;
    const url = URL.createObjectURL(picture);
    this.inflight = url;
    const done = () => {
      this.element.removeEventListener('load', done);
      this.element.removeEventListener('error', done);
      this.decoding = false;
      if (this.destroyed) return;
      this.inflight = null;
      if (this.shown) URL.revokeObjectURL(this.shown);
      this.shown = url;
      const next = this.pending;
      this.pending = null;
      if (next) this.show(next);
    };
    this.element.addEventListener('load', done);
    this.element.addEventListener('error', done);
    this.element.src = url;
  }

  private release(): void {
    if (this.shown) URL.revokeObjectURL(this.shown);
    if (this.inflight) URL.revokeObjectURL(this.inflight);
    this.shown = null;
    this.inflight = null;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.abort.abort();
    this.pending = null;
    this.element.removeAttribute('src');
    this.release();
  }
}
