import { describe, expect, it } from 'vitest';
import { LAYOUTS, layout } from './layouts';
import { tourPage, tourPages } from './tour';

describe('layouts', () => {
  it('have the advertised number of tiles, covering the grid exactly once', () => {
    const counts = Object.fromEntries(LAYOUTS.map((n) => [n, layout(n).cells.length]));
    expect(counts).toEqual({ '1': 1, '4': 4, '9': 9, '16': 16, '25': 25, '1+5': 6, '1+7': 8, '1+12': 13 });
    for (const n of LAYOUTS) {
      const l = layout(n);
      const covered = new Set<string>();
      for (const c of l.cells)
        for (let r = c.row; r < c.row + c.rowSpan; r++)
          for (let k = c.col; k < c.col + c.colSpan; k++) {
            const key = `${r},${k}`;
            expect(covered.has(key)).toBe(false);
            covered.add(key);
          }
      expect(covered.size).toBe(l.cols * l.rows);
    }
  });

  it('puts the large tile first in 1+N layouts', () => {
    expect(layout('1+7').cells[0]).toEqual({ col: 0, row: 0, colSpan: 3, rowSpan: 3, large: true });
    expect(layout('1+12').cells.filter((c) => c.large)).toHaveLength(1);
    expect(layout('16').cells.some((c) => c.large)).toBe(false);
  });
});

describe('tour', () => {
  const set = Array.from({ length: 10 }, (_, i) => i);
  it('rotates full pages through the grid, wrapping at the end', () => {
    expect(tourPage(set, 4, 0)).toEqual([0, 1, 2, 3]);
    expect(tourPage(set, 4, 1)).toEqual([4, 5, 6, 7]);
    expect(tourPage(set, 4, 2)).toEqual([8, 9, 0, 1]);
    expect(tourPage(set, 4, 3)).toEqual([0, 1, 2, 3]);
    expect(tourPages(10, 4)).toBe(3);
  });
  it('shows a small set as it is', () => {
    expect(tourPage([1, 2], 4, 7)).toEqual([1, 2]);
    expect(tourPage([], 4, 1)).toEqual([]);
    expect(tourPages(2, 4)).toBe(1);
  });
});
