/**
 * `--camera-streams FILE.json`: point chosen cameras at given stream URLs (a real media
 * gateway, a test server) instead of the demo media server. The file maps a camera id to
 * either its ordered list of stream descriptors (docs/protocol.md §7.4) or an object
 * `{ "streams": [...], "snapshotUrl": "..." }`. `{base}` at the start of a URL stands for the
 * server's public base URL, so a file can also send a camera to one protocol of the demo server.
 * Validated in full before the server starts; a bad entry is named in the error.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CameraStream } from '../../shared/protocol/entities';
import type { CameraMedia } from './descriptors';

export const BASE_PLACEHOLDER = '{base}';
/** Stands in for `{base}` while validating, before the listening address is known. */
const CHECK_BASE = 'http://base.invalid';

const Streams = z.array(CameraStream).max(16);
const WithSnapshot = z.strictObject({
    streams: Streams,
    snapshotUrl: z
      .string()
      .max(2048)
      .refine((u) => /^https?:\/\//i.test(u), 'snapshot url must be http(s)')
      .optional(),
});

/** One camera's media as written in the file; `snapshotUrl: undefined` keeps the demo snapshot. */
export interface CameraStreamsEntry {
  streams: CameraMedia['streams'];
  /** null: the camera has no snapshot; undefined: keep the demo server's. */
  snapshotUrl: string | null | undefined;
}
export type CameraStreamsFile = ReadonlyMap<string, CameraStreamsEntry>;

function withBase(url: string, base: string): string {
  return url.startsWith(BASE_PLACEHOLDER) ? base + url.slice(BASE_PLACEHOLDER.length) : url;
}

function where(id: string, path: readonly PropertyKey[]): string {
  return [id, ...path].map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? `"${String(p)}"` : `.${String(p)}`)).join('');
}

/** Parses and validates the file's JSON text; throws an Error naming the first bad entry. */
export function parseCameraStreams(text: string, source = 'camera streams'): CameraStreamsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${source}: expected an object of cameraId → streams`);
  }
  const out = new Map<string, CameraStreamsEntry>();
  for (const [id, value] of Object.entries(raw)) {
    if (!/^[\w.:-]{1,64}$/.test(id)) throw new Error(`${source}: camera id "${id}" is not a valid id`);
    // Validate with {base} replaced, keep the placeholder for advertise().
    const probe = JSON.parse(JSON.stringify(value).split(`"${BASE_PLACEHOLDER}`).join(`"${CHECK_BASE}`)) as unknown;
    // Picked by shape rather than a union, so the error points into the entry.
    const r = Array.isArray(probe) ? Streams.safeParse(probe) : WithSnapshot.safeParse(probe);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new Error(`${source}: camera ${where(id, issue.path)}: ${issue.message}`);
    }
    const v = value as z.infer<typeof Streams> | z.infer<typeof WithSnapshot>;
    out.set(id, Array.isArray(v) ? { streams: v, snapshotUrl: undefined } : { streams: v.streams, snapshotUrl: v.snapshotUrl ?? null });
  }
  return out;
}

export function loadCameraStreams(file: string): CameraStreamsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`--camera-streams ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseCameraStreams(text, `--camera-streams ${file}`);
}

/** The media a camera advertises: the file's entry with `{base}` filled in, else the demo's. */
export function mediaFor(entry: CameraStreamsEntry | undefined, demo: CameraMedia, base: string): { streams: CameraMedia['streams']; snapshotUrl?: string } {
  if (!entry) return demo;
  const streams = entry.streams.map((s) => ({ ...s, url: withBase(s.url, base) }));
  if (entry.snapshotUrl === undefined) return { streams, snapshotUrl: demo.snapshotUrl };
  return entry.snapshotUrl === null ? { streams, snapshotUrl: undefined } : { streams, snapshotUrl: withBase(entry.snapshotUrl, base) };
}

/** Ids in the file that the simulation does not know: a typo would otherwise fail silently. */
export function unknownCameras(file: CameraStreamsFile, known: (id: string) => boolean): string[] {
  return [...file.keys()].filter((id) => !known(id));
}
