/**
 * Kiosk rules of a wall PC, as pure decisions the Electron glue follows.
 */

/** The only way to close a kiosk wall from its keyboard, and it asks first. */
export const ADMIN_EXIT_ACCELERATOR = 'CommandOrControl+Alt+Shift+Q';

/**
 * Command-line switches for this platform. On Linux the app runs on X11 (natively or through
 * XWayland): under Wayland a client may not place its own windows, so a wall could not put a
 * window on a given monitor. QUJING_WAYLAND=1 opts out, for compositors that do it for us.
 */
export function platformSwitches(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): [string, string][] {
  const switches: [string, string][] = [];
  if (platform === 'linux' && env.QUJING_WAYLAND !== '1') switches.push(['ozone-platform', 'x11']);
  return switches;
}

/** Whether a window close (Alt+F4, a click on a taskbar) is refused. */
export function blockClose(o: { kiosk: boolean; quitting: boolean }): boolean {
  return o.kiosk && !o.quitting;
}

/**
 * Placement order for a kiosk window: leave fullscreen, move onto the target display, then
 * go fullscreen there — fullscreen on the wrong display first would fill the wrong monitor.
 */
export function placementSteps(o: { kiosk: boolean; isFullScreen: boolean; sameBounds: boolean }): ('leave-fullscreen' | 'set-bounds' | 'enter-fullscreen')[] {
  if (o.sameBounds && (!o.kiosk || o.isFullScreen)) return [];
  const steps: ('leave-fullscreen' | 'set-bounds' | 'enter-fullscreen')[] = [];
  if (o.isFullScreen && !o.sameBounds) steps.push('leave-fullscreen');
  if (!o.sameBounds) steps.push('set-bounds');
  if (o.kiosk) steps.push('enter-fullscreen');
  return steps;
}

/** Page URL of a planned window: the app page with the view's query (never the token: the preload hands it over). */
export function windowUrl(base: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return q ? `${base}?${q}` : base;
}

/** The scene a wall window asks for through its URL fragment (#scene=…), set when a wall.scene command arrives. */
export function sceneFromUrl(url: string): string | null {
  const hash = url.indexOf('#');
  if (hash < 0) return null;
  const v = new URLSearchParams(url.slice(hash + 1)).get('scene');
  return v && v.length <= 64 ? v : null;
}
