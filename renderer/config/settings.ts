/**
 * Renderer settings: where the stream server is, who we are and what to show.
 * Sources, lowest to highest precedence: defaults, the Electron preload's getConfig(),
 * the page URL query. Pure module (no DOM access) so it can be unit tested under Node.
 */
import { z } from 'zod';

export const VIEWS = ['map', 'cameras', 'drainage', 'dashboard', 'console'] as const;
export type ViewName = (typeof VIEWS)[number];
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const RENDERER_ROLES = ['wall', 'console'] as const;
export type RendererRole = (typeof RENDERER_ROLES)[number];

export interface Settings {
  server: string;
  token: string;
  role: RendererRole;
  view: ViewName;
  diag: boolean;
  lang: Lang;
  /** True when the backend is the built-in simulation (reported by Electron). */
  demo: boolean;
}

const HttpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === 'http:' || p.protocol === 'https:') && p.host.length > 0;
    } catch {
      return false;
    }
  }, 'server must be an http(s) URL');

const SettingsSchema = z.object({
  server: HttpUrl,
  token: z.string().min(1, 'token is missing').max(256),
  role: z.enum(RENDERER_ROLES),
  view: z.enum(VIEWS),
  diag: z.boolean(),
  lang: z.enum(LANGS),
  demo: z.boolean(),
});

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: string[]; partial: Partial<Settings> };

function parseBool(v: string): boolean | undefined {
  if (['1', 'true', 'yes', 'on', ''].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  return undefined;
}

/** Reads the known keys of a URL query; unknown keys are ignored, malformed values kept for validation to refuse. */
export function settingsFromQuery(search: string): Record<string, unknown> {
  const q = new URLSearchParams(search);
  const out: Record<string, unknown> = {};
  for (const key of ['server', 'token', 'role', 'view', 'lang'] as const) {
    const v = q.get(key);
    if (v !== null) out[key] = v;
  }
  const diag = q.get('diag');
  if (diag !== null) out.diag = parseBool(diag) ?? diag;
  return out;
}

/**
 * Merges host settings and the URL query (query wins) and validates. `role` defaults to
 * 'console' for the console view and 'wall' otherwise.
 */
export function resolveSettings(host: Record<string, unknown> | null | undefined, query: Record<string, unknown>): SettingsResult {
  const merged: Record<string, unknown> = { ...(host ?? {}) };
  for (const [k, v] of Object.entries(query)) if (v !== undefined) merged[k] = v;
  const view = merged.view ?? 'map';
  const withDefaults = {
    view,
    role: merged.role ?? (view === 'console' ? 'console' : 'wall'),
    diag: merged.diag ?? false,
    lang: merged.lang ?? 'zh',
    demo: merged.demo ?? false,
    server: merged.server,
    token: merged.token,
  };
  const r = SettingsSchema.safeParse(withDefaults);
  if (r.success) return { ok: true, settings: r.data };
  const errors = r.error.issues.map((i) => (i.path[0] === undefined ? i.message : `${String(i.path[0])}: ${i.message}`));
  const partial: Partial<Settings> = {};
  if (typeof withDefaults.lang === 'string' && (LANGS as readonly string[]).includes(withDefaults.lang)) partial.lang = withDefaults.lang as Lang;
  return { ok: false, errors, partial };
}
