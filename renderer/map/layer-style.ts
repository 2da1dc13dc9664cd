/** What every layer of the situation map shares: zoom bands, the label font and the marker scale. */
import type { RGBA } from '../theme/colors';

export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
/** From this zoom on, individual incidents replace the heat, cameras are drawn one by one and gauges appear. */
export const STREET_ZOOM = 13;

/**
 * Marker and label sizes are in CSS pixels, tuned for a 1080-pixel-high window. A 4K monitor
 * run at 100 % scaling has twice the CSS pixels in the same physical size, so symbols grow
 * with the window's height to stay legible from the same distance (with OS scaling at 200 %
 * the factor stays 1 and the device pixels do it). Read at layer build, not per frame.
 */
export function uiScale(): number {
  const h = typeof window === 'undefined' ? 1080 : window.innerHeight;
  return Math.max(1, Math.min(2.5, h / 1080));
}

export type Rgba4 = [number, number, number, number];
export const rgba = (c: RGBA): Rgba4 => c as unknown as Rgba4;
