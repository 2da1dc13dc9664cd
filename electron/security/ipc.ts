/**
 * The preload API's two channels and their validation. Main treats everything arriving over
 * IPC as hostile: a compromised renderer may send anything, from any frame.
 */
import { z } from 'zod';
import { LANGS, Token, ViewName, isHttpUrl, type AppConfig } from '../config/schema';
import { escapeControlChars } from '../logging/redact';
import { isAppUrl } from './origin';

export { IPC } from './channels';

/** Only frames showing the app's own pages may call main. */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}

/** What `window.qujing.getConfig()` resolves to. */
export const RendererSettings = z.strictObject({
  server: z.string().refine(isHttpUrl, 'must be an http(s) URL'),
  token: Token,
  role: z.enum(['wall', 'console']),
  view: ViewName,
  lang: z.enum(LANGS),
  diag: z.boolean(),
  demo: z.boolean(),
  basemap: z.string().max(2048).optional(),
  basemapCrs: z.enum(['wgs84', 'gcj02']).optional(),
});
export type RendererSettings = z.infer<typeof RendererSettings>;

export interface Backend {
  /** http(s) URL of the stream server. */
  url: string;
  token: string;
  /** True for the built-in simulation. */
  demo: boolean;
}

/**
 * Settings for a window; validated so main can never hand out a malformed object. A console
 * window acts (acknowledges, dispatches), so it connects as role console, with the console
 * token when the backend has a separate one; every other view is a wall and cannot command.
 */
export function buildRendererSettings(config: AppConfig, backend: Backend): RendererSettings {
  const role = config.view === 'console' ? 'console' : 'wall';
  const consoleToken = backend.demo ? undefined : config.server?.consoleToken;
  return RendererSettings.parse({
    server: backend.url,
    token: role === 'console' && consoleToken ? consoleToken : backend.token,
    role,
    view: config.view,
    lang: config.lang,
    diag: config.diag,
    demo: backend.demo,
    // A local archive is served at app://wall/basemap.pmtiles; the page only learns that there is one.
    ...(config.map?.pmtiles ? { basemap: 'pmtiles' } : config.map?.basemap ? { basemap: config.map.basemap } : {}),
    ...(config.map?.basemapCrs ? { basemapCrs: config.map.basemapCrs } : {}),
  });
}

export const MAX_LOG_MESSAGE = 2000;

export const LogPayload = z.strictObject({
  level: z.enum(['info', 'warn', 'error']),
  message: z.string().max(MAX_LOG_MESSAGE),
});
export type LogPayload = z.infer<typeof LogPayload>;

/** Validates a renderer log message; the returned message is safe to put on one log line. */
export function parseLogPayload(payload: unknown): { ok: true; value: LogPayload } | { ok: false; reason: string } {
  const r = LogPayload.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: { level: r.data.level, message: escapeControlChars(r.data.message) } };
}

/**
 * Fixed-window limit on renderer log lines: a renderer stuck in an error loop must not churn
 * the rotating log and push out the lines that explain what happened.
 */
export function createRateLimiter(maxPerWindow: number, windowMs: number) {
  let windowStart = -Infinity;
  let count = 0;
  let dropped = 0;
  return {
    /** Returns whether to accept, and how many were dropped in the window that just ended. */
    take(now: number): { accept: boolean; droppedBefore: number } {
      let droppedBefore = 0;
      if (now - windowStart >= windowMs) {
        droppedBefore = dropped;
        windowStart = now;
        count = 0;
        dropped = 0;
      }
      if (count < maxPerWindow) {
        count++;
        return { accept: true, droppedBefore };
      }
      dropped++;
      return { accept: false, droppedBefore };
    },
  };
}
