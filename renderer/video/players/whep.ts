/**
 * WebRTC by WHEP (RFC 9725): a recvonly offer POSTed as application/sdp, the answer in the
 * 201 response, the session resource in its Location header, DELETEd when the tile goes.
 */
import { peerConnectionClosed, peerConnectionCreated } from '../registry';
import type { Player, PlayerOptions } from '../types';

const ICE_GATHER_MS = 2000;
/**
 * A connected session that receives no video for this long has a dead source behind a live
 * gateway (the encoder or camera gone): the next protocol is tried now instead of after the
 * tile's first-frame timeout.
 */
export const NO_MEDIA_MS = 4000;
const MEDIA_POLL_MS = 1000;

/** Bytes of video received so far on a peer connection (inbound RTP), or null if none is reported yet. */
async function videoBytesReceived(pc: RTCPeerConnection): Promise<number | null> {
  const stats = await pc.getStats();
  let bytes: number | null = null;
  stats.forEach((s: { type?: string; kind?: string; bytesReceived?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.bytesReceived === 'number') bytes = (bytes ?? 0) + s.bytesReceived;
  });
  return bytes;
}

/**
 * Watches a connected session's inbound video; `silent` is called once when no byte arrived for
 * `quietMs`. Pure timing over an injected byte counter so it can be tested without WebRTC.
 */
export function watchInboundMedia(read: () => Promise<number | null>, silent: (quietMs: number) => void, quietMs = NO_MEDIA_MS, pollMs = MEDIA_POLL_MS, now = () => performance.now()): () => void {
  let last = -1;
  let lastGrowth = now();
  let stopped = false;
  const timer = setInterval(() => {
    read().then(
      (bytes) => {
        if (stopped) return;
        const b = bytes ?? 0;
        if (b > last) {
          last = b;
          lastGrowth = now();
        } else if (now() - lastGrowth >= quietMs) {
          stopped = true;
          clearInterval(timer);
          silent(Math.round(now() - lastGrowth));
        }
      },
      () => undefined,
    );
  }, pollMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function iceGathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class WhepPlayer implements Player {
  readonly protocol = 'webrtc-whep' as const;
  readonly element: HTMLVideoElement;
  private pc: RTCPeerConnection | null = null;
  private resource: string | null = null;
  private readonly abort = new AbortController();
  private destroyed = false;
  private stopMediaWatch: (() => void) | null = null;

  constructor(private readonly o: PlayerOptions) {
    if (!(o.element instanceof HTMLVideoElement)) throw new Error('webrtc needs a <video>');
    this.element = o.element;
  }

  start(): void {
    if (typeof RTCPeerConnection === 'undefined') {
      this.o.events.error('webrtc: RTCPeerConnection is not available');
      return;
    }
    this.negotiate().catch((e: unknown) => {
      if (!this.destroyed) this.o.events.error(`webrtc: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async negotiate(): Promise<void> {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    peerConnectionCreated();
    this.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = (e) => {
      if (this.destroyed || e.track.kind !== 'video') return;
      this.element.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      this.element.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => {
      if (this.destroyed) return;
      if (pc.connectionState === 'failed') this.o.events.error('webrtc: connection failed');
      else if (pc.connectionState === 'connected' && !this.stopMediaWatch) {
        this.stopMediaWatch = watchInboundMedia(
          () => videoBytesReceived(pc),
          (ms) => {
            if (!this.destroyed) this.o.events.error(`webrtc: connected, but no video from the gateway for ${(ms / 1000).toFixed(1)} s`);
          },
        );
      }
    };
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, ICE_GATHER_MS);
    if (this.destroyed) return;
    const res = await fetch(this.o.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription?.sdp ?? '',
      signal: this.abort.signal,
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`WHEP endpoint answered HTTP ${res.status}`);
    const location = res.headers.get('Location');
    if (location) this.resource = new URL(location, this.o.url).href;
    const answer = await res.text();
    if (this.destroyed) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.abort.abort();
    this.stopMediaWatch?.();
    this.stopMediaWatch = null;
    if (this.pc) {
      this.pc.ontrack = null;
      this.pc.onconnectionstatechange = null;
      this.pc.close();
      peerConnectionClosed();
      this.pc = null;
    }
    // The gateway frees its session now instead of waiting for ICE to time out.
    if (this.resource) fetch(this.resource, { method: 'DELETE', keepalive: true }).catch(() => undefined);
    this.element.srcObject = null;
    this.element.removeAttribute('src');
    this.element.load();
  }
}
