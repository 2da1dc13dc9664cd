/** MJPEG: an <img> on a multipart/x-mixed-replace stream; every new part fires `load`, which is the frame signal. */
import type { Player, PlayerOptions } from '../types';

export class MjpegPlayer implements Player {
  readonly protocol = 'mjpeg' as const;
  readonly element: HTMLImageElement;
  private destroyed = false;
  private readonly onError = () => {
    if (!this.destroyed) this.o.events.error('mjpeg: the image stream failed');
  };

  constructor(private readonly o: PlayerOptions) {
    if (!(o.element instanceof HTMLImageElement)) throw new Error('mjpeg needs an <img>');
    this.element = o.element;
  }

  start(): void {
    this.element.addEventListener('error', this.onError);
    this.element.src = this.o.url;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.element.removeEventListener('error', this.onError);
    // Dropping the source closes the multipart connection.
    this.element.src = '';
    this.element.removeAttribute('src');
  }
}
