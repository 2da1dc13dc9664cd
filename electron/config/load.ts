/**
 * Effective configuration from an optional JSON file and the environment (environment wins).
 * Pure: the caller reads the file and passes its text. Every problem comes back as a
 * readable message naming the field; a broken source is dropped, never half-applied.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../security/origin';
import { ConfigFile, DEFAULT_CONFIG, LANGS, ServerUrl, Token, ViewName, WallSettings, type AppConfig, type Lang } from './schema';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigInput {
  env: Env;
  /** Text of config.json, or undefined when the file does not exist. */
  fileText?: string;
  /** For messages only. */
  filePath?: string;
  /** Whether a path is an existing regular file (for map.pmtiles); main passes a real check, without one the path is taken as is. */
  isFile?: (path: string) => boolean;
}

export interface LoadConfigResult {
  config: AppConfig;
  /** Problems that made a source or a value be ignored. */
  errors: string[];
  /** Accepted but probably wrong. */
  warnings: string[];
  /** Facts worth a log line (where settings came from, mode). */
  notes: string[];
}

function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${prefix}${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function parseBooleanEnv(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return undefined;
}

function parseFile(text: string, where: string, errors: string[]): ConfigFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    errors.push(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)}); file ignored, using defaults`);
    return undefined;
  }
  const r = ConfigFile.safeParse(json);
  if (!r.success) {
    errors.push(`${where}: ${describeIssues('', r.error)}; file ignored, using defaults`);
    return undefined;
  }
  return r.data;
}

function isSecureTransport(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || isLoopbackHost(u.hostname);
}

export function loadConfig({ env, fileText, filePath = 'config.json', isFile }: LoadConfigInput): LoadConfigResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const file = fileText === undefined ? undefined : parseFile(fileText, filePath, errors);
  if (file) notes.push(`settings read from ${filePath}`);

  let view = file?.view ?? DEFAULT_CONFIG.view;
  let lang: Lang = file?.lang ?? DEFAULT_CONFIG.lang;
  let diag = file?.diag ?? DEFAULT_CONFIG.diag;
  const demo = { ...file?.demo };

  const envView = env.QUJING_VIEW;
  if (envView !== undefined && envView !== '') {
    const r = ViewName.safeParse(envView.trim());
    if (r.success) view = r.data;
    else errors.push(`QUJING_VIEW: ${r.error.issues[0]?.message ?? 'invalid'}; ignored`);
  }
  const envLang = env.QUJING_LANG;
  if (envLang !== undefined && envLang !== '') {
    const v = envLang.trim().toLowerCase();
    if ((LANGS as readonly string[]).includes(v)) lang = v as Lang;
    else errors.push(`QUJING_LANG: must be one of ${LANGS.join(', ')}; ignored`);
  }
  if (env.QUJING_DIAG !== undefined) {
    const b = parseBooleanEnv(env.QUJING_DIAG);
    if (b === undefined) errors.push('QUJING_DIAG: must be 1/0, true/false, yes/no or on/off; ignored');
    else diag = b;
  }
  const kiosk = env.QUJING_KIOSK !== undefined && parseBooleanEnv(env.QUJING_KIOSK) === true;

  // Server: the environment overrides the file field by field, then the pair must be complete.
  const envUrl = env.QUJING_SERVER_URL?.trim() || undefined;
  const envToken = env.QUJING_TOKEN || undefined;
  let server: AppConfig['server'];
  const url = envUrl ?? file?.server?.url;
  const token = envToken ?? file?.server?.token;
  if (url !== undefined) {
    const urlSource = envUrl !== undefined ? 'QUJING_SERVER_URL' : `${filePath}: server.url`;
    const tokenSource = envToken !== undefined ? 'QUJING_TOKEN' : `${filePath}: server.token`;
    const u = ServerUrl.safeParse(url);
    const t = token === undefined ? undefined : Token.safeParse(token);
    if (!u.success) {
      errors.push(`${urlSource}: ${u.error.issues[0]?.message ?? 'invalid'}; falling back to offline demo mode`);
    } else if (t === undefined) {
      errors.push(`QUJING_TOKEN: required with a server URL (or server.token in ${filePath}); falling back to offline demo mode`);
    } else if (!t.success) {
      errors.push(`${tokenSource}: ${t.error.issues[0]?.message ?? 'invalid'}; falling back to offline demo mode`);
    } else {
      server = { url: u.data, token: t.data };
      if (file?.server?.consoleToken !== undefined) server.consoleToken = file.server.consoleToken;
      notes.push(`server ${u.data} (from ${envUrl !== undefined ? 'QUJING_SERVER_URL' : filePath})`);
      if (!isSecureTransport(u.data)) {
        warnings.push(
          `server ${u.data}: plain http to a non-loopback host is blocked as mixed content in the secure app:// page; use https://`,
        );
      }
    }
  }
  if (!server) notes.push('no server configured: offline demo mode with the built-in Qujing simulation');

  const config: AppConfig = { view, lang, diag, demo, kiosk };
  if (server) config.server = server;
  if (file?.media?.length) {
    config.media = [...file.media];
    notes.push(`camera streams allowed from ${file.media.length} media gateway(s)`);
  }
  if (file?.map && Object.keys(file.map).length > 0) {
    const map = { ...file.map };
    if (map.pmtiles !== undefined && isFile && !isFile(map.pmtiles)) {
      errors.push(`${filePath}: map.pmtiles: ${map.pmtiles} does not exist or is not a file; using the offline basemap`);
      delete map.pmtiles;
    }
    if (Object.keys(map).length > 0) {
      config.map = map;
      const what = map.pmtiles !== undefined ? `local PMTiles ${map.pmtiles}` : (map.basemap ?? 'offline');
      notes.push(`basemap ${what} (${map.basemapCrs ?? 'wgs84'})`);
    }
  }
  const wall = { ...file?.wall };
  for (const [key, name] of [['id', 'QUJING_WALL_ID'], ['profile', 'QUJING_WALL_PROFILE']] as const) {
    const v = env[name]?.trim();
    if (!v) continue;
    const r = WallSettings.safeParse({ [key]: v });
    if (r.success) wall[key] = v;
    else errors.push(`${name}: ${r.error.issues[0]?.message ?? 'invalid'}; ignored`);
  }
  if (wall.profile !== undefined && isFile && !isFile(wall.profile)) {
    errors.push(`wall profile ${wall.profile} does not exist or is not a file; one window without a profile`);
    delete wall.profile;
  }
  if (wall.id !== undefined || wall.profile !== undefined) {
    config.wall = wall;
    notes.push(`wall ${wall.id ?? '(no id)'}${wall.profile ? ` with profile ${wall.profile}` : ' without a profile'}`);
  }
  return { config, errors, warnings, notes };
}
