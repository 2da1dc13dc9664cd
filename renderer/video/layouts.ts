/**
 * Grid layouts of the camera view: plain grids and "one large plus small" ones. Cells are in
 * reading order; cell 0 of a 1+N layout is the large tile. Pure.
 */
export const LAYOUTS = ['1', '4', '9', '16', '25', '1+5', '1+7', '1+12'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

export interface Cell {
  col: number;
  row: number;
  colSpan: number;
  rowSpan: number;
  large: boolean;
}

export interface Layout {
  name: LayoutName;
  cols: number;
  rows: number;
  cells: Cell[];
}

function big(n: number, span: number): Layout['cells'] {
  const cells: Cell[] = [{ col: 0, row: 0, colSpan: span, rowSpan: span, large: true }];
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) if (row >= span || col >= span) cells.push({ col, row, colSpan: 1, rowSpan: 1, large: false });
  return cells;
}

export function layout(name: LayoutName): Layout {
  switch (name) {
    case '1+5':
      return { name, cols: 3, rows: 3, cells: big(3, 2) };
    case '1+7':
      return { name, cols: 4, rows: 4, cells: big(4, 3) };
    case '1+12':
      return { name, cols: 4, rows: 4, cells: big(4, 2) };
    default: {
      const n = Math.round(Math.sqrt(Number(name)));
      const cells: Cell[] = [];
      for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) cells.push({ col, row, colSpan: 1, rowSpan: 1, large: n === 1 });
      return { name, cols: n, rows: n, cells };
    }
  }
}

export function isLayout(v: string): v is LayoutName {
  return (LAYOUTS as readonly string[]).includes(v);
}
