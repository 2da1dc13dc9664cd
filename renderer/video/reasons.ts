/**
 * Why a tile is not live, in words an officer reads from across the room. The players, the
 * liveness check and the snapshot report technical reasons in English (hls.js and mpegts.js
 * error names, HTTP and WebSocket close codes): those stay in the tile's `data-reason`, its
 * tooltip, diagnostics and the log for the technician, and the tile shows the class of failure
 * in the wall's language, with the code that tells two failures apart.
 */
import type { Lang } from '../config/settings';
import { translate, type StringKey } from '../i18n';

export interface ReasonText {
  key: StringKey;
  vars?: Record<string, string | number>;
  /** The camera's still picture failed, not its live stream. */
  snapshot?: boolean;
}

/** One technical reason, as a player, the liveness check or the snapshot reports it. */
export function classifyReason(raw: string): ReasonText {
  const snap = /^snapshot\s+/i.exec(raw);
  if (!snap) return classifyLive(raw);
  const r = classifyLive(raw.slice(snap[0].length));
  // A snapshot is a picture at an address, not a stream: its own words where they differ.
  if (r.key === 'video.why.httpNotFound') return { key: 'video.why.snapshotNotFound', vars: r.vars };
  return { ...r, snapshot: true };
}

/** HTMLMediaElement.error codes: 1 aborted, 2 network, 3 decode, 4 source not supported. */
const MEDIA_ERROR: Record<string, StringKey> = { '2': 'video.why.network', '3': 'video.why.decode', '4': 'video.why.unsupported' };

function classifyLive(raw: string): ReasonText {
  const s = raw.toLowerCase();
  let m: RegExpExecArray | null;
  if (/failed to load/.test(s)) return { key: 'video.why.playerLoad' };
  if (/neither mse|cannot play live mse|rtcpeerconnection is not available/.test(s)) return { key: 'video.why.unsupported' };
  if ((m = /no video from the gateway for ([\d.]+) s/.exec(s))) return { key: 'video.why.gatewayNoVideo', vars: { s: m[1]! } };
  if ((m = /too slow to be live \((\d+) %/.exec(s))) return { key: 'video.why.tooSlow', vars: { pace: Number(m[1]) } };
  if (/cached frames only/.test(s)) return { key: 'video.why.cachedOnly' };
  if (/^no picture$/.test(s)) return { key: 'video.why.noPicture' };
  if (/not a picture/.test(s)) return { key: 'video.why.notPicture' };
  if (/not a multipart stream/.test(s)) return { key: 'video.why.notStream' };
  if ((m = /^media error (\d)/.exec(s))) return { key: MEDIA_ERROR[m[1]!] ?? 'video.why.other' };
  // HTTP status: "HTTP 404" (hls.js, snapshot, mjpeg) or mpegts.js "HttpStatusCodeInvalid (404)".
  if ((m = /\bhttp (\d{3})\b/.exec(s) ?? /httpstatuscodeinvalid \((\d{3})\)/.exec(s))) return httpReason(Number(m[1]));
  // A WebSocket the gateway closed, with its close code (4xxx: the gateway's own reasons).
  if ((m = /websocket closed \((\d{4})\)/.exec(s) ?? /\((4\d{3})\)/.exec(s))) return { key: 'video.why.gatewayClosed', vars: { code: m[1]! } };
  if (/timed out|timeout/.test(s)) return { key: 'video.why.timeout' };
  if (/stream ended|earlyeof/.test(s)) return { key: 'video.why.ended' };
  // mpegts.js MediaError: CodecUnsupported / FormatUnsupported.
  if (/unsupported/.test(s)) return { key: 'video.why.unsupported' };
  if (/media ?error|decod|bufferappend|muxerror/.test(s)) return { key: 'video.why.decode' };
  if (/connection failed/.test(s)) return { key: 'video.why.connectionFailed' };
  if (/network|failed to fetch|load ?error|websocket/.test(s)) return { key: 'video.why.network' };
  return { key: 'video.why.other' };
}

function httpReason(code: number): ReasonText {
  const vars = { code };
  if (code === 401 || code === 403) return { key: 'video.why.httpRefused', vars };
  if (code === 404 || code === 410) return { key: 'video.why.httpNotFound', vars };
  if (code >= 500) return { key: 'video.why.httpServer', vars };
  return { key: 'video.why.http', vars };
}

/**
 * The tile's lines for a reason as the session keeps it (several joined by " · " when the
 * snapshot failed after the live stream): each part in the wall's language, repeats dropped.
 */
export function reasonLines(lang: Lang, raw: string): string[] {
  const parts = raw
    .split(' · ')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const r = classifyReason(p);
      const text = translate(lang, r.key, r.vars);
      return r.snapshot ? translate(lang, 'video.why.snapshot', { what: text }) : text;
    });
  return [...new Set(parts)];
}
