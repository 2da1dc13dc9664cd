/** Map-only colours; meaning-carrying colours (status, state, priority) come from theme/colors. */
import type { RGBA } from '../theme/colors';

export const CAMERA_KIND_HEX = { hd: '#e2e8f0', face: '#f472b6', epolice: '#a3e635' } as const;
export const CAMERA_KIND_RGBA: readonly RGBA[] = [hexA(CAMERA_KIND_HEX.hd, 230), hexA(CAMERA_KIND_HEX.face, 230), hexA(CAMERA_KIND_HEX.epolice, 230)];
export const CAMERA_OFFLINE_RGBA: RGBA = [100, 116, 139, 200];
export const OFFLINE_MARK_RGBA: RGBA = [239, 68, 68, 255];
export const STALE_RGBA: RGBA = [148, 163, 184, 200];

function hexA(h: string, a: number): RGBA {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}
