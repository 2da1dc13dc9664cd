import { isAbsolute } from 'node:path';
import { z } from 'zod';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Same bounds as the protocol's handshake token, so a config the server would refuse is refused here. */
export const Token = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export const ServerUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(isHttpUrl, 'must be an http:// or https:// URL without credentials');

/**
 * View names are owned by the renderer; main only checks the name is well formed so it can
 * pass new views through without a change here.
 */
export const ViewName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a view name such as "map"');

export const DemoSettings = z.strictObject({
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  speed: z.number().positive().max(1000).optional(),
});

/** An absolute path of a local file (the PMTiles basemap); whether it exists is checked when the config is loaded. */
export const LocalFilePath = z
  .string()
  .max(4096)
  .refine((v) => v.length > 0 && !v.includes('\0') && isAbsolute(v), 'must be an absolute path to a .pmtiles file');

/**
 * Map settings handed to the renderer as they are (it validates them again): the basemap
 * ('offline' or an http(s) MapLibre style URL) and the coordinate system its tiles use.
 * `pmtiles` is a local PMTiles archive instead, served to the page at app://wall/basemap.pmtiles.
 */
export const MapSettings = z
  .strictObject({
    basemap: z
      .string()
      .trim()
      .max(2048)
      .refine((v) => v === 'offline' || isHttpUrl(v), "must be 'offline' or an http:// or https:// style URL without credentials")
      .optional(),
    basemapCrs: z.enum(['wgs84', 'gcj02']).optional(),
    pmtiles: LocalFilePath.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.pmtiles !== undefined && m.basemap !== undefined && m.basemap !== 'offline') {
      ctx.addIssue({ code: 'custom', path: ['pmtiles'], message: 'cannot be combined with an online map.basemap; set one of them' });
    }
  });
export type MapSettings = z.infer<typeof MapSettings>;

/**
 * This PC's part of the hall: its wall id and the wall profile file (YAML or JSON, absolute
 * path; shared/wall describes it). Without a profile the app opens one window, as before.
 */
export const WallSettings = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a wall id such as "wall-1"').optional(),
  profile: z
    .string()
    .max(4096)
    .refine((v) => v.length > 0 && !v.includes('\0') && isAbsolute(v), 'must be an absolute path to a wall profile (.yaml or .json)')
    .optional(),
});
export type WallSettings = z.infer<typeof WallSettings>;

/** userData/config.json. Unknown keys are errors: a misspelt key silently ignored is worse. */
export const ConfigFile = z.strictObject({
  $schema: z.string().optional(),
  server: z
    .strictObject({
      url: ServerUrl,
      token: Token,
      consoleToken: Token.optional(),
    })
    .optional(),
  view: ViewName.optional(),
  lang: z.enum(LANGS).optional(),
  diag: z.boolean().optional(),
  demo: DemoSettings.optional(),
  map: MapSettings.optional(),
  wall: WallSettings.optional(),
  /** Media gateways the camera streams come from, when not the backend itself (their origins join the page's CSP). */
  media: z.array(ServerUrl).max(32, 'at most 32 media gateways').optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export interface ServerSettings {
  url: string;
  token: string;
  consoleToken?: string;
}

/** Effective configuration of one run. */
export interface AppConfig {
  /** Absent ⇒ offline demo mode with the built-in simulation. */
  server?: ServerSettings;
  view: string;
  lang: Lang;
  diag: boolean;
  demo: { seed?: number; speed?: number };
  /** Fullscreen kiosk window (QUJING_KIOSK=1). */
  kiosk: boolean;
  /** Basemap settings for the renderer, when configured. */
  map?: MapSettings;
  /** Wall id and profile path (config `wall`, or QUJING_WALL_ID / QUJING_WALL_PROFILE). */
  wall?: WallSettings;
  /** Media gateway URLs whose origins may serve camera streams (config `media`). */
  media?: string[];
}

export const DEFAULT_CONFIG: AppConfig = Object.freeze({
  view: 'map',
  lang: 'zh',
  diag: false,
  demo: {},
  kiosk: false,
}) as AppConfig;
