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
  onRefused?: (url: string, status: number) => void;
}

export function createAppHandler({ root, csp, onRefused }: AppHandlerOptions): (request: Request) => Promise<Response> {
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
    let size: number;
    try {
      const s = await stat(resolved.filePath);
      if (!s.isFile()) return fail(request.url, 404);
      size = s.size;
    } catch {
      return fail(request.url, 404);
    }
    const type = mimeType(resolved.filePath);
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
    const body = Readable.toWeb(createReadStream(resolved.filePath, { start, end })) as unknown as BodyInit;
    return new Response(body, { status, headers });
  };
}
