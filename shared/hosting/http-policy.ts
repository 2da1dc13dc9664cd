/**
 * What both hosts of the renderer (the desktop app's app:// protocol and the browser-mode web
 * server) send with the page: one Content-Security-Policy and one byte-range reading, so the
 * two can never drift apart. Pure string work: no DOM, no Node.
 */

// The WHATWG URL parser is a global in browsers and Node alike; shared/ compiles without the
// DOM and Node typings, so only the part used here is declared.
declare const URL: new (url: string) => { protocol: string; origin: string; host: string };

export interface Origins {
  /** http(s) origin, e.g. https://host:8443 */
  http: string;
  /** The matching ws(s) origin, for socket.io's WebSocket. */
  ws: string;
}

/** Origins of an http(s) URL; null for anything else (other schemes, junk). */
export function originsOf(url: string | null | undefined): Origins | null {
  if (!url) return null;
  let u: InstanceType<typeof URL>;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return { http: u.origin, ws: `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}` };
}

/**
 * Only the app's own files may run. The backend (stream, video) and an online basemap's host
 * (style, tiles, glyphs, sprites) are the only other origins the page may reach. Origins come
 * from URL parsing, so a hostile value cannot inject directives.
 */
export function contentSecurityPolicy({
  backend,
  basemap,
  media = [],
}: {
  backend: Origins | null;
  basemap?: Origins | null;
  /** Camera stream hosts other than the backend (media gateways): video, MJPEG/snapshots, FLV sockets, WHEP. */
  media?: readonly Origins[];
}): string {
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ');
  const mediaHttp = media.map((m) => m.http);
  const mediaWs = media.map((m) => m.ws);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    join("img-src 'self' data: blob:", basemap?.http, backend?.http, ...mediaHttp),
    join("media-src 'self' blob:", backend?.http, ...mediaHttp),
    "worker-src 'self' blob:",
    join("connect-src 'self'", backend?.http, backend?.ws, basemap?.http, ...mediaHttp, ...mediaWs),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * One byte range of a `Range` header (what <video> and PMTiles send): { start, end }
 * inclusive with end clamped to the file, 'unsatisfiable', or undefined for no header or one
 * that is not honoured (several ranges, other units) — then the whole file is sent.
 */
export function parseByteRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
  if (!m) return undefined;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
