/** Which player plays which protocol, and which protocols this browser can play at all. */
import type { Player, PlayerOptions, StreamProtocol } from '../types';
import { HlsPlayer } from './hls';
import { MjpegPlayer } from './mjpeg';
import { MpegtsPlayer } from './mpegts';
import { WhepPlayer } from './whep';

export function elementKind(protocol: StreamProtocol): 'video' | 'img' {
  return protocol === 'mjpeg' ? 'img' : 'video';
}

export function createPlayer(protocol: StreamProtocol, o: PlayerOptions): Player {
  switch (protocol) {
    case 'hls':
      return new HlsPlayer(o);
    case 'http-flv':
    case 'ws-flv':
    case 'mpegts':
      return new MpegtsPlayer(protocol, o);
    case 'webrtc-whep':
      return new WhepPlayer(o);
    case 'mjpeg':
      return new MjpegPlayer(o);
  }
}

let cached: ReadonlySet<StreamProtocol> | null = null;

export function supportedProtocols(): ReadonlySet<StreamProtocol> {
  if (cached) return cached;
  const out = new Set<StreamProtocol>(['mjpeg']);
  const MS = (globalThis as { MediaSource?: typeof MediaSource; ManagedMediaSource?: typeof MediaSource }).MediaSource ??
    (globalThis as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource;
  const h264 = !!MS && MS.isTypeSupported('video/mp4; codecs="avc1.42E01E"');
  if (h264) {
    out.add('hls');
    out.add('http-flv');
    out.add('mpegts');
    if (typeof WebSocket !== 'undefined') out.add('ws-flv');
  } else if (document.createElement('video').canPlayType('application/vnd.apple.mpegurl')) {
    out.add('hls');
  }
  if (typeof RTCPeerConnection !== 'undefined') out.add('webrtc-whep');
  cached = out;
  return out;
}
