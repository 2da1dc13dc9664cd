/**
 * A tour rotates a set of cameras through a grid: page k shows the k-th run of `size`
 * cameras, wrapping around the end of the set so every page is full. Pure.
 */
export function tourPage<T>(set: readonly T[], size: number, step: number): T[] {
  if (set.length === 0 || size <= 0) return [];
  if (set.length <= size) return [...set];
  const pages = Math.ceil(set.length / size);
  const start = (((step % pages) + pages) % pages) * size;
  const out: T[] = [];
  for (let i = 0; i < size; i++) out.push(set[(start + i) % set.length]!);
  return out;
}

/** Number of distinct pages a tour of this set has. */
export function tourPages(setLength: number, size: number): number {
  return size <= 0 || setLength <= size ? 1 : Math.ceil(setLength / size);
}
