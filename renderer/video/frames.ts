/**
 * Calls back on every new decoded frame of a <video> (requestVideoFrameCallback, with a poll of
 * getVideoPlaybackQuality / currentTime as a fallback and for hidden pages where rVFC pauses),
 * or on every new image of an MJPEG <img>. Network events are ignored on purpose: bytes that
 * arrive while the decoder shows the same picture are not a live tile. Each frame comes with its
 * media time (seconds) so the judge (stall.ts) can tell real-time pace from a burst; the poll
 * also reports how far media has been received (the end of the buffered range, MSE players).
 */
const POLL_MS = 250;

export function watchFrames(
  el: HTMLVideoElement | HTMLImageElement,
  onFrame: (mediaTimeS?: number) => void,
  onFrontier?: (endS: number) => void,
): () => void {
  if (el instanceof HTMLImageElement) {
    const onLoad = () => onFrame();
    el.addEventListener('load', onLoad);
    return () => el.removeEventListener('load', onLoad);
  }
  let stopped = false;
  let handle: number | null = null;
  const hasRvfc = typeof el.requestVideoFrameCallback === 'function';
  let lastRvfcAt = -Infinity;
  const onVideoFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    lastRvfcAt = performance.now();
    onFrame(meta.mediaTime);
    handle = el.requestVideoFrameCallback(onVideoFrame);
  };
  if (hasRvfc) handle = el.requestVideoFrameCallback(onVideoFrame);
  let lastFrames = -1;
  let lastTime = -1;
  const poll = setInterval(() => {
    const counted = typeof el.getVideoPlaybackQuality === 'function';
    const frames = counted ? el.getVideoPlaybackQuality().totalVideoFrames : 0;
    const t = el.currentTime;
    // currentTime alone only where frames cannot be counted, and never for a MediaStream
    // (WebRTC), whose currentTime runs with the wall clock whether frames arrive or not.
    const advanced = counted ? lastFrames >= 0 && frames > lastFrames : lastTime >= 0 && t > lastTime && !el.paused && !el.srcObject;
    lastFrames = frames;
    lastTime = t;
    // The poll stands in for rVFC only when rVFC is silent (hidden page, no support).
    if (advanced && performance.now() - lastRvfcAt > 2 * POLL_MS) onFrame(t);
    const b = el.buffered;
    if (onFrontier && b.length > 0) onFrontier(b.end(b.length - 1));
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(poll);
    if (hasRvfc && handle !== null) el.cancelVideoFrameCallback(handle);
  };
}
