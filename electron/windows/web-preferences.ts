/**
 * Options of a wall window in one place, so a test can assert the security-relevant ones.
 * Plain data: structurally compatible with Electron's BrowserWindowConstructorOptions.
 */
export const WALL_BACKGROUND = '#0b1220';

export interface WallWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  /** The wall is unattended and often not focused; it must keep animating. */
  backgroundThrottling: false;
  spellcheck: false;
  devTools: boolean;
  preload: string;
}

export function wallWebPreferences({ preload, diag }: { preload: string; diag: boolean }): WallWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    backgroundThrottling: false,
    spellcheck: false,
    // DevTools on a public wall would let anyone with a keyboard read the token.
    devTools: diag,
    preload,
  };
}

export interface WallWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  show: false;
  backgroundColor: string;
  title: string;
  autoHideMenuBar: true;
  fullscreen: boolean;
  kiosk: boolean;
  frame?: boolean;
  webPreferences: WallWebPreferences;
}

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One window on the primary display: 1920×1080 (clamped to the screen) or fullscreen kiosk. */
export function wallWindowOptions(o: { preload: string; diag: boolean; kiosk: boolean; display: DisplayArea }): WallWindowOptions {
  const width = o.kiosk ? o.display.width : Math.min(1920, o.display.width);
  const height = o.kiosk ? o.display.height : Math.min(1080, o.display.height);
  return {
    x: o.display.x + Math.floor((o.display.width - width) / 2),
    y: o.display.y + Math.floor((o.display.height - height) / 2),
    width,
    height,
    show: false,
    backgroundColor: WALL_BACKGROUND,
    title: '曲靖指挥中心 · Qujing Command Center',
    autoHideMenuBar: true,
    fullscreen: o.kiosk,
    kiosk: o.kiosk,
    webPreferences: wallWebPreferences({ preload: o.preload, diag: o.diag }),
  };
}

/**
 * A window of a planned wall: exactly the display's bounds, frameless in kiosk mode. It is
 * created windowed and made fullscreen only after it sits on its display (see wall/kiosk.ts
 * placementSteps); `kiosk: false` because Electron's kiosk flag would fullscreen it wherever
 * the window manager first put it.
 */
export function plannedWindowOptions(o: { preload: string; diag: boolean; kiosk: boolean; bounds: DisplayArea; title: string }): WallWindowOptions {
  return {
    x: o.bounds.x,
    y: o.bounds.y,
    width: o.bounds.width,
    height: o.bounds.height,
    show: false,
    backgroundColor: WALL_BACKGROUND,
    title: o.title,
    autoHideMenuBar: true,
    fullscreen: false,
    kiosk: false,
    frame: !o.kiosk,
    webPreferences: wallWebPreferences({ preload: o.preload, diag: o.diag }),
  };
}
