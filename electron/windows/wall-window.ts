import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../logging/logger';
import { blockClose, placementSteps } from '../wall/kiosk';
import { WindowRecovery, DEFAULT_RECOVERY, type RendererProblem } from '../wall/recovery';
import { statusPageUrl } from './status-page';
import { plannedWindowOptions, wallWindowOptions, type DisplayArea } from './web-preferences';

export const UNRESPONSIVE_GRACE_MS = DEFAULT_RECOVERY.unresponsiveGraceMs;

export interface WallWindowOptions {
  preload: string;
  diag: boolean;
  kiosk: boolean;
  log: Logger;
  isWallUrl: (url: string) => boolean;
  lang?: 'zh' | 'en';
  /** A planned window: the display it covers and its name for the logs (wall/monitor). Without it: one window on the primary display. */
  placement?: { bounds: DisplayArea; name: string };
  /** Asked on every close; true while the admin-confirmed quit runs. */
  quitting?: () => boolean;
}

/**
 * A wall window and its self-healing: a crashed, hung or failed renderer is reloaded with
 * the same view (WindowRecovery decides the delay), a crash loop stops and shows a status
 * page with the reason, then tries again after a cool-down. In kiosk mode it closes only
 * when the app quits (admin shortcut with confirmation).
 */
export class WallWindow {
  readonly window: BrowserWindow;
  readonly name: string;
  private url: string | undefined;
  private hangTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly recovery = new WindowRecovery();
  private showingStatus = false;

  constructor(private readonly o: WallWindowOptions) {
    const p = o.placement;
    this.name = p?.name ?? 'wall';
    const options = p
      ? plannedWindowOptions({ preload: o.preload, diag: o.diag, kiosk: o.kiosk, bounds: p.bounds, title: `曲靖指挥中心 · ${p.name}` })
      : wallWindowOptions({ preload: o.preload, diag: o.diag, kiosk: o.kiosk, display: screen.getPrimaryDisplay().bounds });
    // The protections are restated inline, where a reader (and a scanner) sees them at the
    // constructor; wallWebPreferences() already sets them, and windows-security.test.ts checks.
    this.window = new BrowserWindow({
      ...options,
      webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    const win = this.window;
    const wc = win.webContents;
    const log = o.log;
    win.once('ready-to-show', () => {
      win.show();
      if (p) this.place(p.bounds);
    });

    wc.on('render-process-gone', (_event, details) => {
      this.clearHang();
      const kind = details.reason === 'clean-exit' ? 'clean-exit' : (details.reason === 'abnormal-exit' ? 'crashed' : details.reason) as RendererProblem | 'clean-exit';
      this.problem(kind, `${details.reason}, exit code ${details.exitCode}`);
    });
    wc.on('did-finish-load', () => {
      if (!this.showingStatus) this.recovery.loaded(Date.now());
    });
    wc.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === -3 /* ABORTED: superseded by another load */) return;
      this.problem('load-failed', `${description} (${code}) loading ${url.slice(0, 120)}`);
    });
    // The renderer logs a lost WebGL context and reloads itself; the log line lands here.
    wc.on('console-message', (event) => {
      const message = (event as unknown as { message?: string }).message ?? '';
      if (message.startsWith('[wall]')) log.info(`${this.name}: ${message}`);
    });
    win.on('unresponsive', () => {
      log.warn(`${this.name}: renderer unresponsive; reloading in ${UNRESPONSIVE_GRACE_MS / 1000} s unless it recovers`);
      if (this.hangTimer) return;
      this.hangTimer = setTimeout(() => {
        this.hangTimer = undefined;
        log.error(`${this.name}: renderer still unresponsive; restarting it`);
        // A hung renderer cannot run a reload; killing it makes 'render-process-gone' reload.
        wc.forcefullyCrashRenderer();
      }, UNRESPONSIVE_GRACE_MS);
    });
    win.on('responsive', () => {
      if (!this.hangTimer) return;
      this.clearHang();
      log.info(`${this.name}: renderer responsive again`);
    });
    win.on('close', (event) => {
      if (blockClose({ kiosk: o.kiosk, quitting: o.quitting?.() ?? false })) {
        event.preventDefault();
        log.warn(`${this.name}: close refused (kiosk); use the admin shortcut to quit`);
      }
    });
    win.on('closed', () => {
      this.clearHang();
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
    });
  }

  private clearHang(): void {
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.hangTimer = undefined;
  }

  private problem(kind: RendererProblem | 'clean-exit', detail: string): void {
    const a = this.recovery.problem(kind, Date.now(), detail);
    const log = this.o.log;
    if (a.action === 'ignore') {
      log.info(`${this.name}: ${a.reason}`);
      return;
    }
    if (a.action === 'reload') {
      log.error(`${this.name}: ${a.reason} in ${a.delayMs} ms`);
      this.scheduleReload(a.delayMs);
      return;
    }
    log.error(`${this.name}: ${a.reason}; showing a status page, next try in ${Math.round(a.retryInMs / 60_000)} min`);
    const lang = this.o.lang ?? 'zh';
    const title = lang === 'zh' ? '此屏幕的画面反复崩溃' : 'This screen keeps crashing';
    this.showingStatus = true;
    this.window.loadURL(statusPageUrl({ title, detail: a.reason, lang })).catch(() => undefined);
    this.scheduleReload(a.retryInMs);
  }

  /** Puts the window on its display: out of fullscreen, onto the display, then fullscreen in kiosk mode. */
  place(bounds: DisplayArea): void {
    const win = this.window;
    if (win.isDestroyed()) return;
    const b = win.getBounds();
    const sameBounds = b.x === bounds.x && b.y === bounds.y && b.width === bounds.width && b.height === bounds.height;
    const steps = placementSteps({ kiosk: this.o.kiosk, isFullScreen: win.isFullScreen(), sameBounds });
    for (const step of steps) {
      if (step === 'leave-fullscreen') win.setFullScreen(false);
      else if (step === 'set-bounds') win.setBounds(bounds);
      else win.setFullScreen(true);
    }
    if (steps.length) this.o.log.info(`${this.name}: placed at ${bounds.x},${bounds.y} ${bounds.width}×${bounds.height} (${steps.join(', ')})`);
  }

  /** Loads a URL unless it is already showing (reload: true forces it). */
  load(url: string, { reload = false }: { reload?: boolean } = {}): void {
    if (this.window.isDestroyed()) return;
    if (!reload && this.url === url && this.o.isWallUrl(this.window.webContents.getURL())) return;
    this.url = url;
    this.showingStatus = false;
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

  /** Closes for good (the monitor is gone or no longer used), bypassing the kiosk close guard. */
  destroy(): void {
    if (!this.window.isDestroyed()) this.window.destroy();
  }

  private scheduleReload(delayMs: number): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.url) this.load(this.url, { reload: true });
    }, delayMs);
  }
}
