/** Maps app://wall/… URLs onto files under the renderer's build directory, refusing anything else. */
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { APP_HOST } from '../security/origin';

export type Resolved = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404 };

export function resolveAppPath(rawUrl: string, root: string): Resolved {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== 'app:' || url.host !== APP_HOST) return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400 };
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const base = resolve(root);
  const filePath = resolve(base, `.${pathname.startsWith('/') ? '' : '/'}${pathname}`);
  const rel = relative(base, filePath);
  // Outside the root after normalisation (../, encoded ..%2f, backslashes on Windows, drive letters).
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { ok: false, status: 403 };
  return { ok: true, filePath };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.bin': 'application/octet-stream',
};

export function mimeType(filePath: string): string {
  return MIME[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export { parseByteRange as parseRange } from '../../shared/hosting/http-policy';
