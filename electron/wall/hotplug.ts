/**
 * Hot-plug: display-added/removed/metrics-changed events arrive in bursts (a replug reports
 * removed, added and several metric changes within a second), so they are debounced and the
 * wall re-planned once — never later than `maxWaitMs` after the first event, so the wall is
 * right again within two seconds. Pure: the caller feeds events and time, and applies the diff.
 */
import type { PlannedWindow } from './plan';

export type DisplayEventKind = 'display-added' | 'display-removed' | 'display-metrics-changed';

export interface HotplugOptions {
  /** Quiet time after the last event before re-planning. */
  debounceMs: number;
  /** Re-plan at the latest this long after the first event of a burst. */
  maxWaitMs: number;
}

export const DEFAULT_HOTPLUG: HotplugOptions = { debounceMs: 400, maxWaitMs: 1500 };

export class HotplugDebouncer {
  private first: number | undefined;
  private last: number | undefined;
  private reasons: string[] = [];

  constructor(private readonly o: HotplugOptions = DEFAULT_HOTPLUG) {}

  /** Records an event; returns when the re-plan is due. */
  event(kind: DisplayEventKind, now: number, detail = ''): number {
    this.first ??= now;
    this.last = now;
    if (this.reasons.length < 20) this.reasons.push(detail ? `${kind} ${detail}` : kind);
    return this.dueAt()!;
  }

  /** When the pending re-plan is due, or undefined when nothing is pending. */
  dueAt(): number | undefined {
    if (this.first === undefined || this.last === undefined) return undefined;
    return Math.min(this.last + this.o.debounceMs, this.first + this.o.maxWaitMs);
  }

  /** If due at `now`, clears the burst and returns its reasons (for the log); else null. */
  take(now: number): string[] | null {
    const due = this.dueAt();
    if (due === undefined || now < due) return null;
    const r = this.reasons;
    this.first = this.last = undefined;
    this.reasons = [];
    return r;
  }
}

export type WindowChange =
  | { op: 'create'; window: PlannedWindow }
  /** Same view, another place (another display, or the display's bounds changed). */
  | { op: 'move'; window: PlannedWindow; from: PlannedWindow['bounds'] }
  /** Same place, another view (scene change, span geometry changed with a resolution). */
  | { op: 'load'; window: PlannedWindow }
  | { op: 'close'; key: string; reason: string };

const sameBounds = (a: PlannedWindow['bounds'], b: PlannedWindow['bounds']) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
const queryText = (q: Record<string, string>) => new URLSearchParams(Object.entries(q).sort(([a], [b]) => (a < b ? -1 : 1))).toString();

/**
 * What to do to the open windows to match a new plan. Windows are keyed by wall and monitor,
 * so a view whose monitor is back gets its window re-created there, and a window whose
 * display changed id but not place is left alone.
 */
export function diffWindows(current: readonly PlannedWindow[], next: readonly PlannedWindow[]): WindowChange[] {
  const changes: WindowChange[] = [];
  const now = new Map(current.map((w) => [w.key, w]));
  const wanted = new Set(next.map((w) => w.key));
  for (const w of current) if (!wanted.has(w.key)) changes.push({ op: 'close', key: w.key, reason: `monitor ${w.monitorId} is no longer connected or no longer used` });
  for (const w of next) {
    const old = now.get(w.key);
    if (!old) {
      changes.push({ op: 'create', window: w });
      continue;
    }
    if (!sameBounds(old.bounds, w.bounds) || old.displayId !== w.displayId) changes.push({ op: 'move', window: w, from: old.bounds });
    if (queryText(old.query) !== queryText(w.query)) changes.push({ op: 'load', window: w });
  }
  return changes;
}
