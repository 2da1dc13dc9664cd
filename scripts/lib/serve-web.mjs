// Serves the built renderer (dist/renderer) for browser mode and the end-to-end tests.
// The Content-Security-Policy is computed per page from its ?server= parameter, so the
// page may talk to exactly that backend and nothing else.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

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

/** Origins the page may connect to, from its ?server= parameter; only http(s) is accepted. */
export function backendOrigins(serverParam) {
  if (!serverParam) return [];
  try {
    const u = new URL(serverParam);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return [];
    const ws = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return [u.origin, `${ws}//${u.host}`];
  } catch {
    return [];
  }
}

/** Same policy as the desktop app's (electron/security/csp.ts), for the page's own backend and basemap. */
export function buildWebCsp(serverParam, basemapParam) {
  const backend = backendOrigins(serverParam).join(' ');
  const http = backendOrigins(serverParam)[0] ?? '';
  const map = backendOrigins(basemapParam)[0] ?? '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${map}`.trim(),
    `media-src 'self' blob: ${http}`.trim(),
    "worker-src 'self' blob:",
    `connect-src 'self' ${backend} ${map}`.trim().replace(/ +/g, ' '),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function startWebServer({ root = 'dist/renderer', host = '127.0.0.1', port = 5173 } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = normalize(join(base, rel));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const body = await readFile(file);
      const headers = {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      };
      if (extname(file) === '.html') {
        headers['Content-Security-Policy'] = buildWebCsp(url.searchParams.get('server'), url.searchParams.get('basemap'));
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
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
