// Serves the built renderer (dist/renderer) for browser mode and the end-to-end tests.
// The Content-Security-Policy is computed per page from its ?server= parameter, so the
// page may talk to exactly that backend and nothing else. With `pmtiles` it also serves
// that one local PMTiles archive at /basemap.pmtiles, with byte ranges (basemap=pmtiles).
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentSecurityPolicy, originsOf, parseByteRange } from '../../shared/hosting/http-policy.ts';
import { distDir } from './dist-dir.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.ts': 'video/mp2t',
  '.m3u8': 'application/vnd.apple.mpegurl',
};

/** The Content-Type a served file gets, from its extension (also used by bench/load-server.ts). */
export function contentType(path) {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/**
 * The page's CSP for its ?server= backend, ?basemap= style and ?media= camera stream hosts
 * (comma-separated http(s) URLs of media gateways); non-http values add nothing.
 */
export function buildWebCsp(serverParam, basemapParam, mediaParam) {
  const media = String(mediaParam ?? '')
    .split(',')
    .map((m) => originsOf(m.trim()))
    .filter(Boolean)
    .slice(0, 16);
  return contentSecurityPolicy({ backend: originsOf(serverParam), basemap: originsOf(basemapParam), media });
}

/** The path the renderer reads a local PMTiles basemap from (renderer/map/pmtiles.ts). */
export const PMTILES_PATH = '/basemap.pmtiles';


async function sendRanged(req, res, file) {
  const s = await stat(file);
  if (!s.isFile()) throw new Error('not a file');
  const size = s.size;
  const common = { 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  const range = parseByteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...common,
    'Content-Type': 'application/vnd.pmtiles',
    'Content-Length': String(length),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * @param {{ root?: string, host?: string, port?: number, pmtiles?: string }} [options]
 *   `pmtiles`: a local PMTiles archive to serve at /basemap.pmtiles.
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export function startWebServer({ root = `${distDir()}/renderer`, host = '127.0.0.1', port = 5173, pmtiles } = {}) {
  const base = resolve(root);
  const archive = pmtiles ? resolve(pmtiles) : undefined;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === PMTILES_PATH) {
        if (!archive) throw new Error('no archive configured');
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { Allow: 'GET, HEAD' }).end();
          return;
        }
        await sendRanged(req, res, archive);
        return;
      }
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = normalize(join(base, rel));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const body = await readFile(file);
      const headers = {
        'Content-Type': contentType(file),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      };
      if (extname(file) === '.html') {
        headers['Content-Security-Policy'] = buildWebCsp(url.searchParams.get('server'), url.searchParams.get('basemap'), url.searchParams.get('media'));
        headers['Referrer-Policy'] = 'no-referrer';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolvePromise({
        port: typeof addr === 'object' && addr ? addr.port : port,
        // Kept-alive and in-flight browser connections would hold close() open while a page still exists.
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
