/**
 * One interface for every way a camera reaches the wall. A player only moves bytes into a
 * media element and reports fatal errors; whether the picture is live is decided from
 * decoded frames (see frames.ts), the same way for every protocol.
 */
import type { Camera } from '../../shared/protocol';

export type CameraStream = Camera['streams'][number];

export type StreamProtocol = CameraStream['protocol'];
export type StreamQuality = CameraStream['quality'];

/** What a tile shows about its stream. */
export type TilePhase = 'idle' | 'queued' | 'connecting' | 'playing' | 'stalled' | 'snapshot' | 'error' | 'offline' | 'nostream';

export interface PlayerEvents {
  /** The player can no longer deliver this stream; the session tears it down and moves on. */
  error(reason: string): void;
}

export interface Player {
  readonly protocol: StreamProtocol;
  /** The element the player draws into: a <video>, or an <img> for MJPEG. */
  readonly element: HTMLVideoElement | HTMLImageElement;
  start(): void;
  /** Releases everything: MediaSource, sockets, peer connection, element source, listeners. Idempotent. */
  destroy(): void;
}

export interface PlayerOptions {
  url: string;
  element: HTMLVideoElement | HTMLImageElement;
  events: PlayerEvents;
}
