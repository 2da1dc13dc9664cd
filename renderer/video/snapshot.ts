/**
 * The last fallback of a tile whose live streams all failed: the camera's `snapshotUrl`
 * (a JPEG of the current picture), fetched again every few seconds. Fetched with
 * `cache: 'no-store'` into a blob URL rather than set as an <img> src, so every refresh is a
 * real request (no cache-busting parameter that could break a signed URL) and a failure has
 * a reason (HTTP status) to show. The <img> is not a media element of the registry: it is a
 * still picture, never counted as a player.
 */
export const SNAPSHOT_REFRESH_MS = 3000;
/** Refreshes that may fail in a row before the snapshot counts as failed (the old picture stays, with its time). */
const FAILURES_TOLERATED = 1;
const FETCH_TIMEOUT_MS = 8000;

export interface SnapshotEvents {
  /** A new picture is shown; `at` is the wall-clock time it was fetched. */
  shown(at: number): void;
  /** The snapshot cannot be had; the view has already removed itself. */
  failed(reason: string): void;
}

export class SnapshotView {
  private readonly img: HTMLImageElement;
  private objectUrl: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;
  private failures = 0;
  private everShown = false;
  private stopped = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly url: string,
    private readonly events: SnapshotEvents,
  ) {
    this.img = document.createElement('img');
    this.img.className = 'cam-snapshot';
    this.img.alt = '';
    this.img.decoding = 'async';
    this.img.hidden = true;
    host.append(this.img);
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const abort = new AbortController();
    this.abort = abort;
    const timeout = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    let reason: string | null = null;
    try {
      const res = await fetch(this.url, { cache: 'no-store', signal: abort.signal, credentials: 'omit' });
      if (!res.ok) reason = `snapshot HTTP ${res.status}`;
      else {
        const blob = await res.blob();
        if (this.stopped) return;
        await this.show(blob);
        this.failures = 0;
      }
    } catch (e) {
      if (this.stopped) return;
      reason = `snapshot ${abort.signal.aborted ? 'timed out' : e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timeout);
    }
    if (this.stopped) return;
    if (reason !== null) {
      this.failures++;
      if (!this.everShown || this.failures > FAILURES_TOLERATED) {
        this.destroy();
        this.events.failed(reason);
        return;
      }
    }
    this.timer = setTimeout(() => void this.refresh(), SNAPSHOT_REFRESH_MS);
  }

  private async show(blob: Blob): Promise<void> {
    const next = URL.createObjectURL(blob);
    const loaded = new Promise<void>((resolve, reject) => {
      this.img.onload = () => resolve();
      this.img.onerror = () => reject(new Error('not a picture'));
    });
    this.img.src = next;
    try {
      await loaded;
    } catch (e) {
      URL.revokeObjectURL(next);
      throw e;
    }
    if (this.stopped) {
      URL.revokeObjectURL(next);
      return;
    }
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = next;
    this.img.hidden = false;
    this.everShown = true;
    this.events.shown(Date.now());
  }

  destroy(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.img.onload = null;
    this.img.onerror = null;
    this.img.remove();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }
}
