/** The `streams` and `snapshotUrl` a demo camera advertises (docs/protocol.md §7.4.2). Pure. */
import type { Camera, StreamTemplate } from '../../shared/protocol';

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

/** Key of the demo cameras' stream template in the cameras snapshot (docs/protocol.md §7.4.3). */
export const DEMO_TEMPLATE = 'demo';

/** `{{`/`}}` escape literal braces in a base URL (e.g. an IPv6 zone or a path with braces). */
const escapeTemplate = (s: string) => s.replace(/[{}]/g, (b) => b + b);

/** The same descriptors as demoCameraMedia, once for all cameras: `{id}` is the camera id. */
export function demoStreamTemplate(baseUrl: string): StreamTemplate {
  const m = demoCameraMedia(escapeTemplate(baseUrl), '\u0000');
  const asTemplate = (url: string) => url.split(encodeURIComponent('\u0000')).join('{id}');
  return { streams: m.streams.map((s) => ({ ...s, url: asTemplate(s.url) })), snapshotUrl: asTemplate(m.snapshotUrl) };
}
