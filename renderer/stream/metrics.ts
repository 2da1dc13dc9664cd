/** Stream counters for diagnostics and staleness. Plain mutable module state, outside React. */
import { TOPICS, type Topic } from '../../shared/protocol';

const RECENT_REJECTIONS = 20;
const RATE_WINDOW_MS = 5_000;

export const metrics = {
  lastMessageAt: Object.fromEntries(TOPICS.map((t) => [t, null])) as Record<Topic, number | null>,
  firstDataAt: null as number | null,
  /** Latest envelope timestamp from the server: "now" in the backend's clock (the simulation may run faster than real time). */
  serverTs: null as number | null,
  resyncs: 0,
  duplicates: 0,
  rejected: { total: 0, byReason: {} as Record<string, number>, recent: [] as string[] },
  /** Message arrival times over the last few seconds, for messages/s. */
  arrivals: [] as number[],
};

export function noteMessage(topic: Topic, now: number): void {
  metrics.lastMessageAt[topic] = now;
  metrics.firstDataAt ??= now;
  metrics.arrivals.push(now);
  // Bounded: trim on write so the array never grows past a window's worth.
  const cutoff = now - RATE_WINDOW_MS;
  let i = 0;
  while (i < metrics.arrivals.length && metrics.arrivals[i]! < cutoff) i++;
  if (i > 0) metrics.arrivals.splice(0, i);
}

export function noteServerTs(ts: number): void {
  if (metrics.serverTs === null || ts > metrics.serverTs) metrics.serverTs = ts;
}

/** The backend's "now" as best known: lateness and "today" are judged in its clock, not ours. */
export function serverNow(): number {
  return metrics.serverTs ?? Date.now();
}

export function messagesPerSecond(now: number): number {
  const cutoff = now - RATE_WINDOW_MS;
  let n = 0;
  for (const t of metrics.arrivals) if (t >= cutoff) n++;
  return Math.round((n / (RATE_WINDOW_MS / 1000)) * 10) / 10;
}

const LOG_LINES_PER_WINDOW = 20;
const LOG_WINDOW_MS = 10_000;
const MAX_REASONS = 100;
const logWindow = { start: 0, lines: 0, suppressed: 0 };

/**
 * `kind` is a short stable key for counting; `detail` is the full reason for the log. Every
 * rejection is counted; the log takes 20 lines per 10 s and a count of the rest, so a
 * backend sending garbage cannot flood the console (or the Electron log file).
 */
export function noteRejection(kind: string, detail: string): void {
  metrics.rejected.total++;
  const key = kind.slice(0, 80);
  if (key in metrics.rejected.byReason || Object.keys(metrics.rejected.byReason).length < MAX_REASONS) {
    metrics.rejected.byReason[key] = (metrics.rejected.byReason[key] ?? 0) + 1;
  }
  metrics.rejected.recent.push(detail.slice(0, 300));
  if (metrics.rejected.recent.length > RECENT_REJECTIONS) metrics.rejected.recent.shift();
  const now = Date.now();
  if (now - logWindow.start >= LOG_WINDOW_MS) {
    if (logWindow.suppressed > 0) console.warn(`[stream] ${logWindow.suppressed} more rejected messages not logged individually`);
    logWindow.start = now;
    logWindow.lines = 0;
    logWindow.suppressed = 0;
  }
  if (logWindow.lines >= LOG_LINES_PER_WINDOW) {
    logWindow.suppressed++;
    return;
  }
  logWindow.lines++;
  console.warn(`[stream] rejected ${key}: ${detail.slice(0, 300)}`);
}
