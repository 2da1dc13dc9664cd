/**
 * Compact stream descriptors for the `cameras` topic (docs/protocol.md §7.4.3). Thousands of
 * cameras behind one gateway differ only by their id in otherwise identical URLs, so a snapshot
 * may carry each URL pattern once (`streamTemplates`) and each camera a short reference
 * (`streamTemplate` + optional `streamParams`). Clients expand references into the same
 * `streams` / `snapshotUrl` a backend could have sent inline. Pure; used on both ends.
 */
import { z } from 'zod';
import { STREAM_PROTOCOLS } from './entities';

export const MAX_STREAM_TEMPLATES = 256;
const MAX_PARAMS = 16;
const PARAM_VALUE_MAX = 256;

export const TemplateKey = z.string().regex(/^[\w.-]{1,64}$/, 'template key: 1..64 of A-Z a-z 0-9 _ . -');
const ParamName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'parameter name');

type Segment = { text: string } | { param: string };

/**
 * Splits a URL template into literal text and `{name}` placeholders; `{{` and `}}` stand for
 * literal braces. Returns an error string for a lone brace or a bad name.
 */
export function parseUrlTemplate(template: string): Segment[] | string {
  const out: Segment[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch === '{' && template[i + 1] === '{') {
      text += '{';
      i++;
    } else if (ch === '}' && template[i + 1] === '}') {
      text += '}';
      i++;
    } else if (ch === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) return `unclosed "{" at ${i}`;
      const name = template.slice(i + 1, end);
      if (!ParamName.safeParse(name).success) return `bad placeholder "{${name.slice(0, 40)}}"`;
      if (text) out.push({ text });
      text = '';
      out.push({ param: name });
      i = end;
    } else if (ch === '}') {
      return `lone "}" at ${i} (write "}}")`;
    } else text += ch;
  }
  if (text) out.push({ text });
  return out;
}

/** A template must fix its scheme and host start literally, so no parameter can change the scheme. */
function urlTemplate(schemes: RegExp, what: string) {
  return z
    .string()
    .max(2048)
    .superRefine((t, ctx) => {
      const segs = parseUrlTemplate(t);
      if (typeof segs === 'string') return void ctx.addIssue({ code: 'custom', message: `${what}: ${segs}` });
      const head = segs[0];
      if (!head || !('text' in head) || !schemes.test(head.text)) {
        ctx.addIssue({ code: 'custom', message: `${what} must start with a literal ${schemes.source.replace(/\\/g, '')} scheme and host` });
      }
    });
}

export const StreamTemplateEntry = z.object({
  protocol: z.enum(STREAM_PROTOCOLS),
  quality: z.enum(['main', 'sub']),
  url: urlTemplate(/^(https?|wss?):\/\/[^/?#{]/i, 'stream url template'),
});

export const StreamTemplate = z.object({
  /** In fallback order, like a camera's `streams`. */
  streams: z.array(StreamTemplateEntry).max(16),
  snapshotUrl: urlTemplate(/^https?:\/\/[^/?#{]/i, 'snapshot url template').optional(),
});
export type StreamTemplate = z.infer<typeof StreamTemplate>;
export type StreamTemplateTable = ReadonlyMap<string, StreamTemplate>;

/** A camera's reference to a template, as it travels on the wire. */
export const StreamRef = z.object({
  streamTemplate: TemplateKey,
  streamParams: z
    .record(ParamName, z.string().max(PARAM_VALUE_MAX))
    .refine((p) => Object.keys(p).length <= MAX_PARAMS, `at most ${MAX_PARAMS} parameters`)
    .optional(),
});

/**
 * Reads a `streamTemplates` object key by key: a bad template is reported and left out (the
 * cameras that use it then show an error), the good ones are kept.
 */
export function parseStreamTemplates(raw: unknown): { table: Map<string, StreamTemplate>; rejected: string[] } {
  const table = new Map<string, StreamTemplate>();
  const rejected: string[] = [];
  if (raw === undefined) return { table, rejected };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { table, rejected: ['streamTemplates: not an object'] };
  const entries = Object.entries(raw);
  if (entries.length > MAX_STREAM_TEMPLATES) rejected.push(`streamTemplates: ${entries.length} templates, only the first ${MAX_STREAM_TEMPLATES} used`);
  for (const [key, value] of entries.slice(0, MAX_STREAM_TEMPLATES)) {
    const k = TemplateKey.safeParse(key);
    const v = StreamTemplate.safeParse(value);
    if (!k.success) rejected.push(`streamTemplates: bad key "${key.slice(0, 64)}"`);
    else if (!v.success) rejected.push(`streamTemplates.${key}: ${v.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 2).join('; ')}`);
    else table.set(key, v.data);
  }
  return { table, rejected };
}

/** Fills a template's placeholders: `{id}` is the camera id, the rest come from `params`; values are percent-encoded. */
export function fillTemplate(template: string, id: string, params: Readonly<Record<string, string>>): string {
  const segs = parseUrlTemplate(template);
  if (typeof segs === 'string') throw new Error(segs);
  return segs
    .map((s) => {
      if ('text' in s) return s.text;
      const v = s.param === 'id' ? id : params[s.param];
      if (v === undefined) throw new Error(`parameter "${s.param}" missing`);
      return encodeURIComponent(v);
    })
    .join('');
}

/**
 * Turns a camera as received into one with inline `streams`: a camera that already has
 * `streams` is left as it is (a backend without templates); one with a `streamTemplate` gets
 * the template's streams (and its snapshot URL unless the camera has its own). A reference that
 * cannot be resolved yields `streams: []` and `streamError`, so the tile can say why. Anything
 * that is not an object is returned unchanged for the entity schema to reject.
 */
export function expandCameraStreams(raw: unknown, table: StreamTemplateTable): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const cam = { ...(raw as Record<string, unknown>) };
  // Client-side only: never taken from the wire.
  delete cam.streamError;
  if (Array.isArray(cam.streams) || cam.streamTemplate === undefined) return cam;
  const id = typeof cam.id === 'string' ? cam.id : '';
  const fail = (why: string) => ({ ...cam, streams: [], streamError: why.slice(0, 300) });
  const ref = StreamRef.safeParse(cam);
  if (!ref.success) return fail(`bad stream reference: ${ref.error.issues[0]?.message ?? 'invalid'}`);
  const key = ref.data.streamTemplate;
  const tpl = table.get(key);
  if (!tpl) return fail(`unknown stream template "${key}"`);
  try {
    const params = ref.data.streamParams ?? {};
    const streams = tpl.streams.map((s) => ({ protocol: s.protocol, quality: s.quality, url: fillTemplate(s.url, id, params) }));
    const out: Record<string, unknown> = { ...cam, streams };
    if (out.snapshotUrl === undefined && tpl.snapshotUrl !== undefined) out.snapshotUrl = fillTemplate(tpl.snapshotUrl, id, params);
    return out;
  } catch (e) {
    return fail(`stream template "${key}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** One camera's media as the server holds it (inline). */
interface InlineMedia {
  id: string;
  streams: readonly { protocol: string; quality: string; url: string }[];
  snapshotUrl?: string;
}

/**
 * Server side: replaces a camera's inline `streams`/`snapshotUrl` by a reference to the first
 * template that expands to exactly the same descriptors (with only `{id}`); a camera that no
 * template reproduces (a custom gateway, no streams) is sent inline, unchanged.
 */
export function compactCamera<C extends InlineMedia>(cam: C, table: StreamTemplateTable): C | (Omit<C, 'streams' | 'snapshotUrl'> & { streamTemplate: string; snapshotUrl?: string }) {
  if (cam.streams.length === 0) return cam;
  for (const [key, tpl] of table) {
    if (tpl.streams.length !== cam.streams.length) continue;
    let same = true;
    for (let i = 0; i < tpl.streams.length && same; i++) {
      const t = tpl.streams[i]!;
      const s = cam.streams[i]!;
      same = t.protocol === s.protocol && t.quality === s.quality && safeFill(t.url, cam.id) === s.url;
    }
    if (!same) continue;
    const { streams: _streams, snapshotUrl, ...rest } = cam;
    const tplSnapshot = tpl.snapshotUrl === undefined ? undefined : safeFill(tpl.snapshotUrl, cam.id);
    if (snapshotUrl === tplSnapshot) return { ...rest, streamTemplate: key };
    // The template would add a snapshot the camera does not have: keep it inline.
    if (snapshotUrl === undefined) continue;
    return { ...rest, streamTemplate: key, snapshotUrl };
  }
  return cam;
}

function safeFill(template: string, id: string): string | null {
  try {
    return fillTemplate(template, id, {});
  } catch {
    return null;
  }
}
