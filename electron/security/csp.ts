import { backendOrigins } from './origin';

/**
 * Content-Security-Policy of every app:// response. Only the app's own files may run; the
 * backend (stream server, video) is the only other origin the page may talk to. The backend
 * origin is derived through URL parsing, so a hostile value cannot inject directives.
 */
export function buildCsp({ backendOrigin, basemapUrl }: { backendOrigin: string; basemapUrl?: string }): string {
  const b = backendOrigins(backendOrigin);
  // A configured online basemap: its style, tiles, glyphs and sprites from the style's host.
  const map = basemapUrl && /^https?:\/\//i.test(basemapUrl) ? ` ${new URL(basemapUrl).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${map}`,
    `media-src 'self' blob: ${b.http}`,
    "worker-src 'self' blob:",
    `connect-src 'self' ${b.http} ${b.ws}${map}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
