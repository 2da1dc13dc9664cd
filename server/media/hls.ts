/**
 * Live HLS playlists over a loop of one-second segments. The media sequence number is the
 * wall-clock second, so every request (from any client) agrees on what is live; segment
 * `msn` plays loop segment (msn + phase) mod count, with its timestamps moved to second `msn`
 * of one continuous timeline (tsRetime.ts), so the loop's wrap is no discontinuity: like a
 * real camera, the stream never jumps. Pure: the caller supplies the time.
 */

export const SEGMENT_MS = 1000;
export const WINDOW_SEGMENTS = 6;
/** Segments further than this from the live edge are refused (404). */
export const SEGMENT_SLACK = 30;

export interface LivePlaylistInput {
  nowMs: number;
  /** Segment URI for a media sequence number (relative to the playlist). */
  uri: (msn: number) => string;
  window?: number;
}

/** Media sequence number of the newest segment at `nowMs`. */
export function liveEdge(nowMs: number): number {
  return Math.floor(nowMs / SEGMENT_MS);
}

/** Loop segment played by media sequence number `msn`. */
export function loopSegment(msn: number, phase: number, segmentCount: number): number {
  return (((msn + phase) % segmentCount) + segmentCount) % segmentCount;
}

export function livePlaylist(input: LivePlaylistInput): string {
  const { uri } = input;
  const window = input.window ?? WINDOW_SEGMENTS;
  const last = liveEdge(input.nowMs);
  const first = last - window + 1;
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(SEGMENT_MS / 1000)}`, `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let msn = first; msn <= last; msn++) lines.push(`#EXTINF:${(SEGMENT_MS / 1000).toFixed(3)},`, uri(msn));
  return `${lines.join('\n')}\n`;
}

/** Whether a segment request is close enough to the live edge to be served. */
export function segmentInWindow(msn: number, nowMs: number): boolean {
  return Math.abs(msn - liveEdge(nowMs)) <= SEGMENT_SLACK;
}
