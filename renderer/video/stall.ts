/**
 * Whether a tile is live, judged from media time, not from frames arriving. FLV gateways
 * (node-media-server, SRS, ZLMediaKit) send their cached GOP on connect, so a reconnect to a
 * dead upstream still decodes a burst of old frames. Live means the media time of the
 * presented frames advances in step with wall time over a short window (at least 70 % of
 * it), and, where the player buffers (MSE), the received media frontier does too: a cached
 * GOP played out at normal speed advances the picture but not the frontier. Pure: the DOM
 * side (frames.ts) feeds it samples.
 */
export const STALL_AFTER_MS = 3000;
/** A stream that never produces a first frame within this time counts as failed. */
export const FIRST_FRAME_TIMEOUT_MS = 12_000;
/** Window over which media time must keep pace with wall time. */
export const LIVE_WINDOW_MS = 2000;
/** Share of the window's wall time the media must cover to count as live. */
export const LIVE_RATIO = 0.7;
/**
 * Once a connection has proven live, it stays live down to this share: a machine that
 * decodes too slowly for full real time (many main streams in software) still shows live
 * pictures, and reconnecting would only make it worse. Frames or media that stop still
 * fall below it at once.
 */
export const SUSTAIN_RATIO = 0.3;

export type FrameState = 'waiting' | 'playing' | 'stalled' | 'timeout';

interface Sample {
  wall: number;
  /** Wall time since the previous sample. */
  gap: number;
  /** Media milliseconds credited since the previous sample: never more than the wall time between them. */
  credit: number;
}
/** Steps kept whatever their age, to know how coarse the frontier's steps are. */
const KEEP_STEPS = 8;
/** Longest window the frontier is judged over (HLS with long segments). */
const MAX_FRONTIER_WINDOW_MS = 30_000;

/**
 * Media covered per wall time: each step's media advance counts at most the wall time since
 * the previous step, so a burst decoded at once counts as the few milliseconds it took.
 */
class PaceTrack {
  private samples: Sample[] = [];
  private last: { wall: number; media: number } | null = null;

  add(wall: number, mediaMs: number, horizonMs: number): void {
    const prev = this.last;
    this.last = { wall, media: mediaMs };
    if (!prev) return;
    const dMedia = mediaMs - prev.media;
    // Backwards (loop, seek, discontinuity): a restart point, no credit.
    if (dMedia <= 0) return;
    this.samples.push({ wall, gap: wall - prev.wall, credit: Math.min(dMedia, wall - prev.wall) });
    while (this.samples.length > KEEP_STEPS && this.samples[0]!.wall < wall - horizonMs) this.samples.shift();
  }

  /** The longest wait between recent steps. */
  get coarsestStep(): number {
    let max = 0;
    for (const s of this.samples.slice(-KEEP_STEPS)) max = Math.max(max, s.gap);
    return max;
  }

  get seen(): boolean {
    return this.last !== null;
  }

  /** Media milliseconds covered in (now − window, now]. */
  covered(now: number, windowMs: number): number {
    let sum = 0;
    for (const s of this.samples) if (s.wall > now - windowMs && s.wall <= now) sum += s.credit;
    return sum;
  }
}

export interface LivenessOptions {
  stallAfterMs?: number;
  firstFrameTimeoutMs?: number;
  windowMs?: number;
  ratio?: number;
  /**
   * Pictures without a media clock (MJPEG <img>): live while new pictures keep coming (two
   * are needed, one is a still), stalled after stallAfterMs without one.
   */
  stillImages?: boolean;
}

export class LivenessJudge {
  private readonly startedAt: number;
  private readonly stallAfterMs: number;
  private readonly firstFrameTimeoutMs: number;
  private readonly windowMs: number;
  private readonly ratio: number;
  private readonly stillImages: boolean;
  private readonly presented = new PaceTrack();
  private readonly frontierTrack = new PaceTrack();
  private frontierMax = -Infinity;
  private lastFrameAt: number | null = null;
  private frames = 0;
  private lastLiveAt: number | null = null;

  constructor(now: number, o: LivenessOptions = {}) {
    this.startedAt = now;
    this.stallAfterMs = o.stallAfterMs ?? STALL_AFTER_MS;
    this.firstFrameTimeoutMs = o.firstFrameTimeoutMs ?? FIRST_FRAME_TIMEOUT_MS;
    this.windowMs = o.windowMs ?? LIVE_WINDOW_MS;
    this.ratio = o.ratio ?? LIVE_RATIO;
    this.stillImages = o.stillImages ?? false;
  }

  /** A new frame was presented at wall time `now`; `mediaTimeS` is its media time in seconds. */
  frame(now: number, mediaTimeS?: number): void {
    this.frames++;
    this.lastFrameAt = now;
    if (mediaTimeS !== undefined && Number.isFinite(mediaTimeS)) this.presented.add(now, mediaTimeS * 1000, this.windowMs * 2);
  }

  /** The end of the media received so far (buffered end, seconds), sampled at `now`. */
  frontier(now: number, endS: number): void {
    if (!Number.isFinite(endS)) return;
    const ms = endS * 1000;
    // Only growth is a step: sampling a frontier that waits for the next chunk adds nothing,
    // and the next growth is credited up to the whole wait.
    if (ms > this.frontierMax || ms < this.frontierMax - 1000) {
      this.frontierMax = ms;
      this.frontierTrack.add(now, ms, MAX_FRONTIER_WINDOW_MS);
    }
  }

  get lastFrame(): number | null {
    return this.lastFrameAt;
  }

  get frameCount(): number {
    return this.frames;
  }

  /**
   * The frontier grows in steps (a chunk, an HLS segment): with steps of `s` a window of `w`
   * holds at least `w − s` of credit, so the window is stretched to 3.5 steps to stay above 70 %.
   */
  private frontierWindow(): number {
    return Math.min(MAX_FRONTIER_WINDOW_MS, Math.max(this.windowMs, 3.5 * this.frontierTrack.coarsestStep));
  }

  /** Share of the windows' wall time covered by media (1 = real time); null when not measured. */
  pacing(now: number): { presented: number; received: number | null } {
    const fw = this.frontierWindow();
    return {
      presented: this.presented.covered(now, this.windowMs) / this.windowMs,
      received: this.frontierTrack.seen ? this.frontierTrack.covered(now, fw) / fw : null,
    };
  }

  private liveNow(now: number): boolean {
    if (this.stillImages) return this.frames >= 2 && this.lastFrameAt !== null && now - this.lastFrameAt <= this.stallAfterMs;
    const p = this.pacing(now);
    if (this.lastLiveAt !== null) {
      const keep = Math.min(this.ratio, SUSTAIN_RATIO);
      return p.presented >= keep && (p.received === null || p.received >= keep);
    }
    // Proof: where the received frontier is measured it must keep full pace (a cached GOP
    // cannot), and the picture may lag a busy decoder; without it the picture must keep pace.
    if (p.received === null) return p.presented >= this.ratio;
    return p.received >= this.ratio && p.presented >= Math.max(SUSTAIN_RATIO, this.ratio - 0.2);
  }

  state(now: number): FrameState {
    if (this.liveNow(now)) {
      this.lastLiveAt = now;
      return 'playing';
    }
    if (this.lastFrameAt === null) return now - this.startedAt > this.firstFrameTimeoutMs ? 'timeout' : 'waiting';
    if (this.lastLiveAt !== null) {
      // Was live: stalled once it has not been for the rest of the stall threshold (the window
      // itself already took up to windowMs to drain).
      const grace = this.stillImages ? 0 : Math.max(0, this.stallAfterMs - this.windowMs);
      return now - this.lastLiveAt > grace ? 'stalled' : 'playing';
    }
    // Pictures, but never at real-time pace: a cached GOP or a still. Stalled once they stop.
    if (now - this.lastFrameAt > this.stallAfterMs) return 'stalled';
    return now - this.startedAt > this.firstFrameTimeoutMs ? 'timeout' : 'waiting';
  }

  /** True once the stream has proven live at least once on this connection. */
  get provenLive(): boolean {
    return this.lastLiveAt !== null;
  }
}
