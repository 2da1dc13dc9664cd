/**
 * Calls back on every new decoded frame of a <video> (requestVideoFrameCallback, with a poll of
 * getVideoPlaybackQuality / currentTime as a fallback and for hidden pages where rVFC pauses),
 * or on every new image of an MJPEG <img>. Network events are ignored on purpose: bytes that
 * arrive while the decoder shows the same picture are not a live tile.
 */
const POLL_MS = 250;

export function watchFrames(el: HTMLVideoElement | HTMLImageElement, onFrame: () => void): () => void {
  if (el instanceof HTMLImageElement) {
    el.addEventListener('load', onFrame);
    return () => el.removeEventListener('load', onFrame);
  }
  let stopped = false;
  let handle: number | null = null;
  const hasRvfc = typeof el.requestVideoFrameCallback === 'function';
  const onVideoFrame = () => {
    if (stopped) return;
    onFrame();
    handle = el.requestVideoFrameCallback(onVideoFrame);
  };
  if (hasRvfc) handle = el.requestVideoFrameCallback(onVideoFrame);
  let lastFrames = -1;
  let lastTime = -1;
  const poll = setInterval(() => {
    const frames = typeof el.getVideoPlaybackQuality === 'function' ? el.getVideoPlaybackQuality().totalVideoFrames : 0;
    const t = el.currentTime;
    const advanced = (lastFrames >= 0 && frames > lastFrames) || (lastTime >= 0 && t > lastTime && !el.paused);
    lastFrames = frames;
    lastTime = t;
    if (advanced) onFrame();
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(poll);
    if (hasRvfc && handle !== null) el.cancelVideoFrameCallback(handle);
  };
}
