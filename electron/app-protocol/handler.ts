/**
 * The app:// request handler, built on fetch's Request/Response so it runs (and is tested)
 * under plain Node; Electron's protocol.handle takes it as is.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { mimeType, parseRange, resolveAppPath } from './resolve';

export interface AppHandlerOptions {
  /** dist/renderer */
  root: string;
  /** Current Content-Security-Policy (the backend address can change at run time). */
  csp: () => string;
  /** A local PMTiles archive (config.json map.pmtiles), served at app://wall/basemap.pmtiles with byte ranges. */
  pmtiles?: string;
  onRefused?: (url: string, status: number) => void;
}

/** The path the renderer reads a local PMTiles basemap from. */
export const PMTILES_PATH = '/basemap.pmtiles';

export function createAppHandler({ root, csp, pmtiles, onRefused }: AppHandlerOptions): (request: Request) => Promise<Response> {
  const headersFor = (extra: Record<string, string>) => ({
    'Content-Security-Policy': csp(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...extra,
  });
  const fail = (url: string, status: number) => {
    onRefused?.(url, status);
    return new Response(null, { status, headers: headersFor({}) });
  };

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(request.url, 405);
    const resolved = resolveAppPath(request.url, root);
    if (!resolved.ok) return fail(request.url, resolved.status);
    // The configured archive, at that one path only (nothing there when none is configured).
    const isArchive = new URL(request.url).pathname === PMTILES_PATH;
    if (isArchive && !pmtiles) return fail(request.url, 404);
    const filePath = isArchive && pmtiles ? pmtiles : resolved.filePath;
    let size: number;
    try {
      const s = await stat(filePath);
      if (!s.isFile()) return fail(request.url, 404);
      size = s.size;
    } catch {
      return fail(request.url, 404);
    }
    const type = isArchive ? 'application/vnd.pmtiles' : mimeType(filePath);
    const range = parseRange(request.headers.get('range'), size);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: headersFor({ 'Content-Range': `bytes */${size}` }) });
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const length = size === 0 ? 0 : end - start + 1;
    const headers = headersFor({
      'Content-Type': type,
      'Content-Length': String(length),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    const status = range ? 206 : 200;
    if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
    const body = Readable.toWeb(createReadStream(filePath, { start, end })) as unknown as BodyInit;
    return new Response(body, { status, headers });
  };
}
