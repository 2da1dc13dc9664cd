/**
 * Renderer settings: where the stream server is, who we are and what to show.
 * Sources, lowest to highest precedence: defaults, the Electron preload's getConfig(),
 * the page URL query. Pure module (no DOM access) so it can be unit tested under Node.
 */
import { z } from 'zod';
import { LAYOUTS, type LayoutName } from '../video/layouts';

export const VIEWS = ['map', 'cameras', 'drainage', 'dashboard', 'console', 'wallcontrol'] as const;
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
  /** 'offline' (the bundled district basemap), 'pmtiles' (the local archive the host serves at ./basemap.pmtiles) or a MapLibre style URL (http/https). */
  basemap: string;
  /** Coordinate system the basemap is drawn in; entity positions are converted for 'gcj02'. */
  basemapCrs: BasemapCrs;
  /** Hold the map on one district (adcode), or null for the whole city. */
  district: string | null;
  /** Seconds per district when touring the districts; 0 = no tour. */
  tour: number;
  /** Heat map playback of the last period, hour by hour ('24h', '7d', '30d'), or null. */
  playback: PlaybackPeriod | null;
  /** A unit with no report for this many seconds is drawn as stale. */
  staleS: number;
  /** Camera view: grid layout ('1', '4', '9', '16', '25', '1+5', '1+7', '1+12'). */
  layout: LayoutName;
  /** Camera view: these cameras in this order (ids), or null for all (of `district`). */
  cameras: string[] | null;
  /** Camera view: the tile (0-based cell) that alarms take over, 'all' for the whole view, or null. */
  alarmTile: number | 'all' | null;
  /** Camera view: seconds an alarm keeps its cameras on screen unless acknowledged sooner. */
  alarmHoldS: number;
  /** Console: the duty officer's name, recorded on acknowledgements and dispatches. */
  operator: string | null;
  /** Console: a tone for each new critical alarm (never on wall views). */
  sound: boolean;
  /** Wall PC this page belongs to (handshake wallId); wall commands for it are applied here. */
  wallId: string | null;
  /** Monitor of the wall profile this window shows; pushes to it land here. */
  monitor: string | null;
  /** Map view: initial centre [lon, lat] and zoom (a wall profile's viewport or a pushed one). */
  center: [number, number] | null;
  zoom: number | null;
  /** This window's tile of a view spanning several monitors: [x, y, width, height, canvasWidth, canvasHeight] in CSS px (README, Wall profiles). */
  span: [number, number, number, number, number, number] | null;
}

export const BASEMAP_CRS = ['wgs84', 'gcj02'] as const;
export type BasemapCrs = (typeof BASEMAP_CRS)[number];
export const PLAYBACK_PERIODS = ['24h', '7d', '30d'] as const;
export type PlaybackPeriod = (typeof PLAYBACK_PERIODS)[number];

/**
 * A basemap setting is 'offline', 'pmtiles' (the host's local archive, always at the fixed
 * page-relative path basemap.pmtiles) or an http(s) style URL; anything else (file:,
 * javascript:, relative paths, pmtiles:…) is refused.
 */
export function basemapValid(v: string): boolean {
  if (v === 'offline' || v === 'pmtiles') return true;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host.length > 0 && u.username === '' && u.password === '';
  } catch {
    return false;
  }
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
  basemap: z.string().max(2048).refine(basemapValid, "basemap must be 'offline', 'pmtiles' or an http(s) style URL"),
  basemapCrs: z.enum(BASEMAP_CRS),
  district: z.string().regex(/^\d{6}$/, 'district must be a six-digit adcode').nullable(),
  tour: z.number().int().min(0).max(86_400),
  playback: z.enum(PLAYBACK_PERIODS).nullable(),
  staleS: z.number().int().min(5).max(86_400),
  layout: z.enum(LAYOUTS),
  cameras: z.array(z.string().min(1).max(64)).min(1).max(256).nullable(),
  alarmTile: z.union([z.number().int().min(0).max(24), z.literal('all')]).nullable(),
  alarmHoldS: z.number().int().min(5).max(86_400),
  operator: z.string().trim().min(1).max(64).nullable(),
  sound: z.boolean(),
  wallId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'wall must be a wall id').nullable(),
  monitor: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'monitor must be a monitor id').nullable(),
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable(),
  zoom: z.number().min(0).max(22).nullable(),
  span: z.tuple([z.number().int(), z.number().int(), z.number().int().positive(), z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).nullable(),
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
  for (const key of ['basemap', 'basemapCrs', 'district', 'playback'] as const) {
    const v = q.get(key);
    if (v !== null) out[key] = v;
  }
  const layoutQ = q.get('layout');
  // A '+' in a query string reads as a space: layout=1+5 arrives as '1 5'.
  if (layoutQ !== null) out.layout = layoutQ.replace(/ /g, '+');
  const cams = q.get('cameras');
  if (cams !== null) out.cameras = cams.split(',').map((c) => c.trim()).filter(Boolean);
  const alarmTile = q.get('alarmTile');
  if (alarmTile !== null) out.alarmTile = /^\d+$/.test(alarmTile) ? Number(alarmTile) : alarmTile;
  const operator = q.get('operator');
  if (operator !== null) out.operator = operator;
  const sound = q.get('sound');
  if (sound !== null) out.sound = parseBool(sound) ?? sound;
  const wall = q.get('wall');
  if (wall !== null) out.wallId = wall;
  const monitor = q.get('monitor');
  if (monitor !== null) out.monitor = monitor;
  const center = q.get('center');
  if (center !== null) out.center = center.split(',').map(Number);
  const zoom = q.get('zoom');
  if (zoom !== null) out.zoom = Number(zoom);
  const span = q.get('span');
  if (span !== null) out.span = span.split(',').map(Number);
  for (const key of ['tour', 'staleS', 'alarmHoldS'] as const) {
    const v = q.get(key);
    if (v !== null) out[key] = /^\d+$/.test(v) ? Number(v) : v;
  }
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
    role: merged.role ?? (view === 'console' || view === 'wallcontrol' ? 'console' : 'wall'),
    diag: merged.diag ?? false,
    lang: merged.lang ?? 'zh',
    demo: merged.demo ?? false,
    server: merged.server,
    token: merged.token,
    basemap: merged.basemap ?? 'offline',
    basemapCrs: merged.basemapCrs ?? 'wgs84',
    district: merged.district ?? null,
    tour: merged.tour ?? 0,
    playback: merged.playback ?? null,
    staleS: merged.staleS ?? 60,
    layout: merged.layout ?? '9',
    cameras: merged.cameras ?? null,
    alarmTile: merged.alarmTile ?? null,
    alarmHoldS: merged.alarmHoldS ?? 120,
    operator: merged.operator ?? null,
    sound: merged.sound ?? true,
    wallId: merged.wallId ?? null,
    monitor: merged.monitor ?? null,
    center: merged.center ?? null,
    zoom: merged.zoom ?? null,
    span: merged.span ?? null,
  };
  const r = SettingsSchema.safeParse(withDefaults);
  if (r.success) return { ok: true, settings: r.data };
  const errors = r.error.issues.map((i) => (i.path[0] === undefined ? i.message : `${String(i.path[0])}: ${i.message}`));
  const partial: Partial<Settings> = {};
  if (typeof withDefaults.lang === 'string' && (LANGS as readonly string[]).includes(withDefaults.lang)) partial.lang = withDefaults.lang as Lang;
  return { ok: false, errors, partial };
}
