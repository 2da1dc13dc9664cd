/**
 * Plays an FlvLoop as an endless live FLV stream: output timestamps start at 0 on a key
 * frame and rise continuously across loop wraps; frames are released at real-time pace.
 * Pure: the caller supplies elapsed time and writes the bytes.
 */
import { TAG_SCRIPT, TAG_VIDEO, encodeTag, flvHeader, metadataBody, type FlvLoop } from './flv';

/** Frames are released this far ahead of real time, so a player starts without waiting. */
export const LEAD_MS = 300;

export class FlvLiveCursor {
  /** Index of the next frame to send. */
  private index: number;
  /** Output timestamp of frames[0] of the current lap. */
  private lapBase: number;
  /** Frames skipped because the client could not keep up. */
  skipped = 0;

  /** Starts at the key frame at or before `offsetMs` into the loop. */
  constructor(
    private readonly loop: FlvLoop,
    offsetMs: number,
  ) {
    const at = ((offsetMs % loop.durationMs) + loop.durationMs) % loop.durationMs;
    let k = loop.keyframes[0]!;
    for (const i of loop.keyframes) if (loop.frames[i]!.timestamp <= at) k = i;
    this.index = k;
    this.lapBase = -loop.frames[k]!.timestamp;
  }

  /** The bytes every connection starts with: header, onMetaData, AVC sequence header. */
  preamble(): Buffer {
    const meta = metadataBody({
      width: this.loop.width,
      height: this.loop.height,
      framerate: this.loop.fps,
      videocodecid: 7,
      hasVideo: true,
      hasAudio: false,
    });
    return Buffer.concat([
      flvHeader(true, false),
      encodeTag(TAG_SCRIPT, 0, meta),
      encodeTag(TAG_VIDEO, 0, this.loop.sequenceHeader),
    ]);
  }

  /** Output timestamp of the next frame. */
  nextTimestamp(): number {
    return this.lapBase + this.loop.frames[this.index]!.timestamp;
  }

  private advance(): void {
    this.index++;
    if (this.index >= this.loop.frames.length) {
      this.index = 0;
      this.lapBase += this.loop.durationMs;
    }
  }

  /** Encoded tags of every frame due by `elapsedMs` (+ LEAD_MS), in order. */
  due(elapsedMs: number, maxFrames = 250): Buffer[] {
    const out: Buffer[] = [];
    while (out.length < maxFrames && this.nextTimestamp() <= elapsedMs + LEAD_MS) {
      const f = this.loop.frames[this.index]!;
      out.push(encodeTag(TAG_VIDEO, this.nextTimestamp(), f.data));
      this.advance();
    }
    return out;
  }

  /**
   * After a backlog: drops frames until the next key frame at or after `elapsedMs`, so the
   * client resumes live and decodable. Timestamps keep their real-time meaning (they jump).
   */
  skipToLive(elapsedMs: number): void {
    let guard = this.loop.frames.length * 2;
    while (guard-- > 0 && (this.nextTimestamp() < elapsedMs || !this.loop.frames[this.index]!.keyframe)) {
      this.advance();
      this.skipped++;
    }
  }
}
