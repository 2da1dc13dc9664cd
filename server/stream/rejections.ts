/** Counts rejected client input by reason, for the health endpoint, and logs it without letting a noisy client flood the log. */
import { log, type LogFields } from '../log';

const LOG_LINES_PER_WINDOW = 20;
const WINDOW_MS = 10_000;

export class Rejections {
  total = 0;
  private byReason = new Map<string, number>();
  private windowStart = 0;
  private loggedInWindow = 0;
  private suppressed = 0;

  constructor(private readonly clock: () => number = () => Date.now()) {}

  /** `kind` is a short stable key (e.g. "subscribe: bad payload"); `detail` only goes to the log. */
  record(kind: string, detail: string, fields?: LogFields): void {
    this.total++;
    const key = kind.slice(0, 80);
    this.byReason.set(key, (this.byReason.get(key) ?? 0) + 1);
    // Keeps the map bounded whatever clients send.
    if (this.byReason.size > 200) {
      const smallest = [...this.byReason.entries()].sort((a, b) => a[1] - b[1])[0]!;
      this.byReason.delete(smallest[0]);
    }
    const now = this.clock();
    if (now - this.windowStart >= WINDOW_MS) {
      if (this.suppressed > 0) log.warn('rejected client messages not logged individually', { count: this.suppressed });
      this.windowStart = now;
      this.loggedInWindow = 0;
      this.suppressed = 0;
    }
    if (this.loggedInWindow >= LOG_LINES_PER_WINDOW) {
      this.suppressed++;
      return;
    }
    this.loggedInWindow++;
    log.warn('rejected client message', { kind: key, reason: detail.slice(0, 300), ...fields });
  }

  top(n = 10): Record<string, number> {
    return Object.fromEntries([...this.byReason.entries()].sort((a, b) => b[1] - a[1]).slice(0, n));
  }
}
