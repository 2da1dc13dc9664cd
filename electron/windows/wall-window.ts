import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../logging/logger';
import { RestartPolicy } from '../demo-server/restart-policy';
import { wallWindowOptions } from './web-preferences';

export const UNRESPONSIVE_GRACE_MS = 10_000;

/**
 * The wall window and its self-healing: a crashed renderer is reloaded (with backoff, so a
 * page that crashes on load does not spin), a hung one is given 10 s and then replaced.
 */
export class WallWindow {
  readonly window: BrowserWindow;
  private url: string | undefined;
  private hangTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly crashes = new RestartPolicy();

  constructor(private readonly o: { preload: string; diag: boolean; kiosk: boolean; log: Logger; isWallUrl: (url: string) => boolean }) {
    const display = screen.getPrimaryDisplay();
    this.window = new BrowserWindow(wallWindowOptions({ preload: o.preload, diag: o.diag, kiosk: o.kiosk, display: display.bounds }));
    const win = this.window;
    const wc = win.webContents;
    win.once('ready-to-show', () => win.show());

    wc.on('render-process-gone', (_event, details) => {
      o.log.error(`wall renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      if (this.hangTimer) clearTimeout(this.hangTimer);
      this.hangTimer = undefined;
      if (details.reason === 'clean-exit') return;
      const d = this.crashes.exited(Date.now());
      if (d.crashLoop) o.log.error(`wall renderer crash loop: ${d.recentExits} crashes within a minute`);
      this.scheduleReload(d.delayMs);
    });
    wc.on('did-finish-load', () => this.crashes.started(Date.now()));
    wc.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === -3 /* ABORTED: superseded by another load */) return;
      o.log.error(`wall page failed to load ${url}: ${description} (${code})`);
      this.scheduleReload(this.crashes.exited(Date.now()).delayMs);
    });
    win.on('unresponsive', () => {
      o.log.warn(`wall renderer unresponsive; reloading in ${UNRESPONSIVE_GRACE_MS / 1000} s unless it recovers`);
      if (this.hangTimer) return;
      this.hangTimer = setTimeout(() => {
        this.hangTimer = undefined;
        o.log.error('wall renderer still unresponsive; restarting it');
        // A hung renderer cannot run a reload; killing it makes 'render-process-gone' reload.
        wc.forcefullyCrashRenderer();
      }, UNRESPONSIVE_GRACE_MS);
    });
    win.on('responsive', () => {
      if (!this.hangTimer) return;
      clearTimeout(this.hangTimer);
      this.hangTimer = undefined;
      o.log.info('wall renderer responsive again');
    });
    win.on('closed', () => {
      if (this.hangTimer) clearTimeout(this.hangTimer);
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
    });
  }

  /** Loads a URL unless it is already showing (reload: true forces it). */
  load(url: string, { reload = false }: { reload?: boolean } = {}): void {
    if (this.window.isDestroyed()) return;
    if (!reload && this.url === url && this.o.isWallUrl(this.window.webContents.getURL())) return;
    this.url = url;
    this.window.loadURL(url).catch((error: unknown) => {
      // did-fail-load has already logged and scheduled a retry.
      this.o.log.debug(`loadURL ${url.slice(0, 80)}: ${String(error)}`);
    });
  }

  get currentUrl(): string | undefined {
    return this.url;
  }

  focus(): void {
    if (this.window.isDestroyed()) return;
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  private scheduleReload(delayMs: number): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.url) this.load(this.url, { reload: true });
    }, delayMs);
  }
}
