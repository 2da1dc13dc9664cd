/** The `streams` and `snapshotUrl` a demo camera advertises (docs/protocol.md §7.4.2). Pure. */
import type { Camera } from '../../shared/protocol';

type CameraStream = Camera['streams'][number];

/** Where browsers reach the server: `publicUrl` if given, else the listening address. */
export function publicBaseUrl(listen: { host: string; port: number }, publicUrl?: string): string {
  if (publicUrl) {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`public url must be http(s): ${publicUrl}`);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  }
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '';
  const host = wildcard ? '127.0.0.1' : listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${listen.port}`;
}

export interface CameraMedia {
  streams: CameraStream[];
  snapshotUrl: string;
}

/** In fallback order: WebSocket-FLV (no per-host connection cap), HTTP-FLV, HLS, MJPEG. */
export function demoCameraMedia(baseUrl: string, cameraId: string): CameraMedia {
  const http = `${baseUrl}/media/${encodeURIComponent(cameraId)}`;
  const ws = http.replace(/^http/, 'ws');
  return {
    streams: [
      { protocol: 'ws-flv', quality: 'main', url: `${ws}/main.flv` },
      { protocol: 'ws-flv', quality: 'sub', url: `${ws}/sub.flv` },
      { protocol: 'http-flv', quality: 'main', url: `${http}/main.flv` },
      { protocol: 'http-flv', quality: 'sub', url: `${http}/sub.flv` },
      { protocol: 'hls', quality: 'main', url: `${http}/main.m3u8` },
      { protocol: 'hls', quality: 'sub', url: `${http}/sub.m3u8` },
      { protocol: 'mjpeg', quality: 'sub', url: `${http}/sub.mjpeg` },
    ],
    snapshotUrl: `${http}/snapshot.jpg`,
  };
}
