/** The one origin trusted with the preload API and allowed to be navigated to. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wall';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const WALL_URL = `${APP_ORIGIN}/index.html`;

/** True for app://wall/… only (not app://wall.evil/, not app://other/). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || !url.startsWith(`${APP_ORIGIN}/`)) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** http(s) origin of a backend URL and the matching ws(s) origin, for CSP and permission checks. */
export function backendOrigins(backendUrl: string): { http: string; ws: string } {
  const u = new URL(backendUrl);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`backend URL must be http(s): ${u.protocol}`);
  const http = u.origin;
  const ws = `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
  return { http, ws };
}
