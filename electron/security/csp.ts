import { contentSecurityPolicy, originsOf } from '../../shared/hosting/http-policy';
import { backendOrigins } from './origin';

/**
 * Content-Security-Policy of every app:// response (the policy itself is shared with browser
 * mode). The backend URL comes from validated config: a non-http one is a bug and throws.
 */
export function buildCsp({ backendOrigin, basemapUrl, mediaUrls = [] }: { backendOrigin: string; basemapUrl?: string; mediaUrls?: readonly string[] }): string {
  // Media gateways (config `media`): camera streams served by hosts other than the backend.
  const media = mediaUrls.map(originsOf).filter((o) => o !== null);
  return contentSecurityPolicy({ backend: backendOrigins(backendOrigin), basemap: originsOf(basemapUrl), media });
}
