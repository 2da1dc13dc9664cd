import { APP_ORIGIN, isLoopbackHost } from './origin';

export interface PermissionQuery {
  permission: string;
  /** Origin or URL of the frame asking. */
  requestingUrl: string | undefined;
  /** The configured backend (stream server) URL, when known. */
  backendUrl: string | undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url === APP_ORIGIN) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' ? `app://${u.host}` : u.origin;
  } catch {
    return undefined;
  }
}

/**
 * Every permission is denied, with one exception: Chromium's Local Network Access gate.
 * The app:// page counts as a public origin, so without these grants it could not reach the
 * demo server on 127.0.0.1 or a backend on the city's private network. They are granted only
 * to app://wall and only for the address space the configured backend is in.
 */
export function isPermissionAllowed({ permission, requestingUrl, backendUrl }: PermissionQuery): boolean {
  if (originOf(requestingUrl) !== APP_ORIGIN || !backendUrl) return false;
  let backendHost: string;
  try {
    backendHost = new URL(backendUrl).hostname;
  } catch {
    return false;
  }
  const loopback = isLoopbackHost(backendHost);
  switch (permission) {
    case 'loopback-network':
      return loopback;
    case 'local-network':
      return !loopback;
    case 'local-network-access': // older name covering both
      return true;
    default:
      return false;
  }
}
