/** Sizes the flood watch's tiles so that every group fits the screen. */
import { useEffect, useRef, useState, type RefObject } from 'react';

/** How tall the groups' content is against the room it has (1 = exactly full). */
function fill(el: HTMLElement): number {
  let bottom = 0;
  for (const c of el.children) {
    const h = c as HTMLElement;
    bottom = Math.max(bottom, h.offsetTop + h.offsetHeight);
  }
  return (bottom - el.offsetTop) / Math.max(1, el.clientHeight);
}

/**
 * Tile size (px) at which every group fits the screen: content area scales with the square
 * of the tile, so a few measured steps converge; kept cheap (one layout per step) because it
 * runs whenever a sensor changes between small and big.
 */
export function useFitTiles(host: RefObject<HTMLDivElement | null>, layoutKey: string, onTile: (px: number) => void): void {
  const [size, setSize] = useState({ w: 0, h: 0 });
  const tile = useRef(64);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [host]);
  useEffect(() => {
    const el = host.current;
    if (!el || size.w === 0) return;
    // After the state change has been committed (and usually painted): a sensor turning red
    // shows at once, the tiles settle to their new size a moment later.
    const timer = setTimeout(() => {
      // Bisection on the tile size: the fill jumps where groups wrap onto a new row, which
      // a proportional step overshoots and then settles far below the best size.
      const max = Math.max(24, Math.min(size.w / 6, size.h / 3));
      let lo = 24;
      let hi = max;
      for (let i = 0; i < 8 && hi - lo > 1; i++) {
        const mid = (lo + hi) / 2;
        el.style.setProperty('--tile', `${mid}px`);
        if (fill(el) <= 1) lo = mid;
        else hi = mid;
      }
      const chosen = Math.floor(lo);
      el.style.setProperty('--tile', `${chosen}px`);
      if (chosen !== tile.current) {
        tile.current = chosen;
        onTile(chosen);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [host, size, layoutKey, onTile]);
}
