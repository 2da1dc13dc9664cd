/**
 * Layer instances and the data they are built from, memoised on a version string: a batch on
 * one topic rebuilds only what that topic feeds, and deck.gl sees the same instances for the
 * rest (so it skips them).
 */
export class LayerMemo {
  private cache = new Map<string, { version: string; data: unknown }>();

  get<T>(key: string, version: string, make: () => T): T {
    const c = this.cache.get(key);
    if (c && c.version === version) return c.data as T;
    const data = make();
    this.cache.set(key, { version, data });
    return data;
  }

  /** Puts `next` wherever `old` is memoised, alone or in a memoised list. */
  replace(old: unknown, next: unknown): void {
    for (const entry of this.cache.values()) {
      if (entry.data === old) entry.data = next;
      else if (Array.isArray(entry.data)) {
        const k = (entry.data as unknown[]).indexOf(old);
        if (k >= 0) (entry.data as unknown[])[k] = next;
      }
    }
  }
}
