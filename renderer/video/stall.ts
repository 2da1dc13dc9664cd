/**
 * Whether a tile is live, decided from decoded frames only: a network that still delivers
 * bytes while the decoder shows the same picture is a frozen tile. Pure: the DOM side
 * (frames.ts) feeds it frame times.
 */
export const STALL_AFTER_MS = 3000;
/** A stream that never produces a first frame within this time counts as failed. */
export const FIRST_FRAME_TIMEOUT_MS = 12_000;

export type FrameState = 'waiting' | 'playing' | 'stalled' | 'timeout';

export class StallDetector {
  private startedAt: number;
  private lastFrameAt: number | null = null;
  private frames = 0;
  constructor(
    now: number,
    private readonly stallAfterMs = STALL_AFTER_MS,
    private readonly firstFrameTimeoutMs = FIRST_FRAME_TIMEOUT_MS,
  ) {
    this.startedAt = now;
  }

  /** A new frame was decoded (or a new MJPEG image loaded) at `now`. */
  frame(now: number): void {
    this.frames++;
    this.lastFrameAt = now;
  }

  get lastFrame(): number | null {
    return this.lastFrameAt;
  }

  get frameCount(): number {
    return this.frames;
  }

  /**
   * 'playing' needs two frames: a single decoded frame is a still picture, not a stream
   * (a dead stream can still decode its one buffered keyframe).
   */
  state(now: number): FrameState {
    if (this.lastFrameAt === null || this.frames < 2) {
      return now - this.startedAt > this.firstFrameTimeoutMs ? 'timeout' : 'waiting';
    }
    return now - this.lastFrameAt > this.stallAfterMs ? 'stalled' : 'playing';
  }
}
