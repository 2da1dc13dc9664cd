import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWallProfile, type WallProfile } from '../../shared/wall';
import type { DisplayInfo } from './displays';
import { planWall } from './plan';

function load(file: string): WallProfile {
  const r = parseWallProfile(readFileSync(join(__dirname, '..', '..', 'assets', 'walls', file), 'utf8'), file);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.profile;
}
const hall2x2 = load('hall-2x2.yaml');
const hall3x4 = load('hall-3x4-two-pc.yaml');

let nextId = 100;
function display(x: number, y: number, o: Partial<DisplayInfo> & { w?: number; h?: number } = {}): DisplayInfo {
  const width = o.w ?? 1920;
  const height = o.h ?? 1080;
  const bounds = { x, y, width, height };
  return { id: o.id ?? nextId++, label: o.label ?? 'LG 55VM5E', bounds, workArea: { ...bounds, height: height - 40 }, scaleFactor: o.scaleFactor ?? 1, size: { width, height } };
}
const byMonitor = (p: ReturnType<typeof planWall>) => Object.fromEntries(p.windows.map((w) => [w.monitorId, w]));
const grid2x2 = () => [display(0, 0), display(1920, 0), display(0, 1080), display(1920, 1080)];

/** A profile of one wall `rows`×`cols`, monitors without labels or bounds, one view each. */
function gridProfile(rows: number, cols: number, extra: Partial<WallProfile['walls'][0]> = {}): WallProfile {
  const monitors = [];
  const views: Record<string, { view: 'dashboard' }> = {};
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      monitors.push({ id: `M${r}${c}`, row: r, column: c });
      views[`M${r}${c}`] = { view: 'dashboard' };
    }
  return { version: 1, walls: [{ id: 'w', grid: { rows, columns: cols }, monitors, ...extra }], defaultScene: 's', scenes: { s: { walls: { w: { monitors: views } } } } };
}

describe('planner: monitors to displays', () => {
  it('1 display, 1 monitor: a window covering it', () => {
    const p = planWall({ displays: [display(0, 0, { id: 7 })], profile: gridProfile(1, 1), wallId: 'w', scene: 's' });
    expect(p.windows).toHaveLength(1);
    expect(p.windows[0]).toMatchObject({ key: 'w/M00', displayId: 7, bounds: { x: 0, y: 0, width: 1920, height: 1080 } });
    expect(p.parked).toEqual([]);
  });

  it('2 displays side by side, negative coordinates (secondary left of primary)', () => {
    const left = display(-1920, 0, { id: 2 });
    const right = display(0, 0, { id: 1 });
    const p = planWall({ displays: [right, left], profile: gridProfile(1, 2), wallId: 'w', scene: 's' });
    expect(byMonitor(p).M00!.displayId).toBe(2);
    expect(byMonitor(p).M01!.displayId).toBe(1);
    expect(byMonitor(p).M00!.bounds.x).toBe(-1920);
  });

  it('2×2 hall: every monitor on its display with its scene view', () => {
    const d = grid2x2();
    const p = planWall({ displays: d, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    const w = byMonitor(p);
    expect(Object.keys(w).sort()).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect(w.A1).toMatchObject({ displayId: d[0]!.id, query: { view: 'map', center: '103.796,25.49', zoom: '11', wall: 'wall-1', monitor: 'A1' } });
    expect(w.A2!.query).toMatchObject({ view: 'cameras', cameras: 'cam-0001,cam-0002,cam-0003,cam-0004,cam-0005,cam-0006', tour: '20' });
    expect(w.B2).toMatchObject({ displayId: d[3]!.id, query: { view: 'drainage' } });
  });

  it('identical labels and shuffled order with new ids: same monitors on the same places', () => {
    const a = planWall({ displays: grid2x2(), profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    const shuffled = grid2x2().reverse();
    const b = planWall({ displays: shuffled, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    const place = (p: typeof a) => Object.fromEntries(p.windows.map((w) => [w.monitorId, `${w.bounds.x},${w.bounds.y}:${w.query.view}`]));
    expect(place(b)).toEqual(place(a));
  });

  it('6 displays in a 2×3 grid, reordered: positions decide', () => {
    const displays = [];
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) displays.push(display(c * 1920, r * 1080, { label: 'same' }));
    const p = planWall({ displays: [...displays].sort(() => -1), profile: gridProfile(2, 3), wallId: 'w', scene: 's' });
    expect(p.windows).toHaveLength(6);
    for (const w of p.windows) expect(`${w.bounds.x / 1920},${w.bounds.y / 1080}`).toBe(`${w.monitorId[2]},${w.monitorId[1]}`);
  });

  it('12 displays of a 3×4 wall at 4K with scale factor 2 (DIP bounds)', () => {
    const displays = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) displays.push(display(c * 1920, r * 1080, { scaleFactor: 2 }));
    const p = planWall({ displays, profile: gridProfile(3, 4), wallId: 'w', scene: 's' });
    expect(p.windows).toHaveLength(12);
    expect(new Set(p.windows.map((w) => w.displayId)).size).toBe(12);
    expect(byMonitor(p).M23).toMatchObject({ bounds: { x: 5760, y: 2160 }, scaleFactor: 2 });
  });

  it('mixed scale factors and sizes: a 4K panel at 150 % next to a 1080p one', () => {
    const hi = display(0, 0, { w: 2560, h: 1440, scaleFactor: 1.5 });
    const lo = display(2560, 0, { w: 1920, h: 1080, scaleFactor: 1 });
    const p = planWall({ displays: [lo, hi], profile: gridProfile(1, 2), wallId: 'w', scene: 's' });
    expect(byMonitor(p).M00).toMatchObject({ displayId: hi.id, scaleFactor: 1.5, bounds: { width: 2560, height: 1440 } });
    expect(byMonitor(p).M01).toMatchObject({ displayId: lo.id, bounds: { x: 2560 } });
  });

  it('an operator laptop panel the profile does not know is left alone', () => {
    const laptop = display(0, 1080, { id: 99, label: 'Built-in Retina Display', w: 1440, h: 900 });
    const wall = [display(0, 0, { label: 'LG 55VM5E' })];
    const profile = gridProfile(1, 1);
    profile.walls[0]!.monitors[0]!.label = 'LG 55VM5E';
    const p = planWall({ displays: [laptop, ...wall], profile, wallId: 'w', scene: 's' });
    expect(p.windows.map((w) => w.displayId)).toEqual([wall[0]!.id]);
    expect(p.unusedDisplays).toEqual([99]);
  });
});

describe('planner: unplug, replug, resolution change', () => {
  it('a missing monitor is parked with the reason; the others keep their places', () => {
    const d = grid2x2();
    const p = planWall({ displays: [d[0]!, d[1]!, d[2]!], profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    expect(p.windows.map((w) => w.monitorId).sort()).toEqual(['A1', 'A2', 'B1']);
    expect(p.parked).toEqual([{ monitorId: 'B2', view: { view: 'drainage' }, reason: expect.stringContaining('row 1, column 1 is not connected') }]);
  });

  it('with only the bottom-right display left, nominal bounds keep it B2 (not A1)', () => {
    const d = grid2x2();
    const p = planWall({ displays: [d[3]!], profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    expect(p.windows.map((w) => w.monitorId)).toEqual(['B2']);
    expect(p.parked.map((x) => x.monitorId).sort()).toEqual(['A1', 'A2', 'B1']);
  });

  it('onMissing: move shows a missing view on a spare display, and it returns on replug', () => {
    const profile = gridProfile(1, 2, { onMissing: 'move' });
    profile.scenes.s!.walls.w!.monitors = { M00: { view: 'map' }, M01: { view: 'cameras' } };
    const main = display(0, 0);
    const spare = display(0, 1200, { label: 'spare', id: 55 });
    const away = planWall({ displays: [main, spare], profile, wallId: 'w', scene: 's' });
    expect(byMonitor(away).M01).toMatchObject({ displayId: 55, movedFrom: 'M01', query: { view: 'cameras' } });
    const back = planWall({ displays: [main, spare, display(1920, 0)], profile, wallId: 'w', scene: 's' });
    expect(byMonitor(back).M01!.displayId).not.toBe(55);
    expect(byMonitor(back).M01!.movedFrom).toBeUndefined();
  });

  it('replug with a new display id: the window goes back to the same monitor', () => {
    const d = grid2x2();
    const before = planWall({ displays: d, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    const replugged = [d[0]!, d[1]!, d[2]!, { ...d[3]!, id: 4242 }];
    const after = planWall({ displays: replugged, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    expect(byMonitor(after).B2).toMatchObject({ displayId: 4242, bounds: byMonitor(before).B2!.bounds, query: byMonitor(before).B2!.query });
  });

  it('a monitor whose resolution changes keeps its view and gets the new bounds', () => {
    const d = grid2x2();
    d[1] = display(1920, 0, { w: 3840, h: 2160, scaleFactor: 2, id: d[1]!.id });
    d[1].size = { width: 1920, height: 1080 };
    d[1].bounds = { x: 1920, y: 0, width: 1920, height: 1080 };
    const p = planWall({ displays: d, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    expect(byMonitor(p).A2).toMatchObject({ scaleFactor: 2, query: { view: 'cameras' } });
    const smaller = grid2x2();
    smaller[1] = display(1920, 0, { w: 1280, h: 720 });
    const q = planWall({ displays: smaller, profile: hall2x2, wallId: 'wall-1', scene: '日常' });
    expect(byMonitor(q).A2!.bounds).toEqual({ x: 1920, y: 0, width: 1280, height: 720 });
  });
});

describe('planner: scenes and spans', () => {
  it('a span over the top row: one picture with the bezel in the canvas', () => {
    const p = planWall({ displays: grid2x2(), profile: hall2x2, wallId: 'wall-1', scene: '防汛应急' });
    const w = byMonitor(p);
    // 1209.6 mm for 1920 px; the bezel gap is 1.75 + 1.75 mm = 5.56 px.
    const k = 1920 / 1209.6;
    expect(w.A1!.span).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080, canvasWidth: Math.round((2 * 1209.6 + 3.5) * k), canvasHeight: 1080 });
    expect(w.A2!.span!.x).toBe(Math.round((1209.6 + 3.5) * k));
    expect(w.A2!.query.span).toBe(`${w.A2!.span!.x},0,1920,1080,${w.A2!.span!.canvasWidth},1080`);
    expect(w.A1!.query).toMatchObject({ view: 'map', layers: 'drainage,units', zoom: '12' });
    expect(w.B1!.span).toBeUndefined();
  });

  it('a 2×2 span: rows include the vertical bezels', () => {
    const p = planWall({ displays: grid2x2(), profile: hall2x2, wallId: 'wall-1', scene: '重大活动' });
    const b2 = byMonitor(p).B2!.span!;
    const k = 1920 / 1209.6;
    expect(b2.y).toBe(Math.round((680.4 + 3.5) * k));
    expect(b2.canvasHeight).toBe(Math.round((2 * 680.4 + 3.5) * k));
  });

  it('a span over panels of different pixel density corrects the map zoom', () => {
    const d = [display(0, 0, { w: 3840, h: 2160 }), display(3840, 0, { w: 1920, h: 1080 })];
    const profile: WallProfile = {
      version: 1,
      walls: [{ id: 'w', grid: { rows: 1, columns: 2 }, monitors: [
        { id: 'L', row: 0, column: 0, sizeMm: { width: 1209.6, height: 680.4 } },
        { id: 'R', row: 0, column: 1, sizeMm: { width: 1209.6, height: 680.4 } },
      ] }],
      defaultScene: 's',
      scenes: { s: { walls: { w: { spans: [{ row: 0, column: 0, rows: 1, columns: 2, show: { view: 'map', zoom: 12 } }] } } } },
    };
    const w = byMonitor(planWall({ displays: d, profile, wallId: 'w', scene: 's' }));
    expect(w.L!.span!.zoomDelta).toBe(0);
    expect(w.R!.span!.zoomDelta).toBe(-1);
    expect(w.R!.query.zoom).toBe('11');
    expect(w.R!.span!.x).toBe(1920);
  });

  it('a span with a missing member keeps the other tiles where they were', () => {
    const d = grid2x2();
    const full = byMonitor(planWall({ displays: d, profile: hall2x2, wallId: 'wall-1', scene: '重大活动' }));
    const partial = planWall({ displays: [d[0]!, d[1]!, d[3]!], profile: hall2x2, wallId: 'wall-1', scene: '重大活动' });
    expect(byMonitor(partial).B2!.span).toEqual(full.B2!.span);
    expect(partial.parked.map((x) => x.monitorId)).toEqual(['B1']);
  });

  it('two PCs: each plans only its part of the scene', () => {
    const six = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 2; c++) six.push(display(c * 1920, r * 1080, { label: 'Samsung VH46R' }));
    const west = planWall({ displays: six, profile: hall3x4, wallId: 'wall-west', scene: '日常' });
    const east = planWall({ displays: six, profile: hall3x4, wallId: 'wall-east', scene: '日常' });
    expect(west.windows.filter((w) => w.span).map((w) => w.monitorId).sort()).toEqual(['W11', 'W12', 'W21', 'W22']);
    expect(byMonitor(east).E11!.query).toMatchObject({ view: 'cameras', cameras: 'cam-0001,cam-0002,cam-0003,cam-0004' });
    expect(east.windows).toHaveLength(6);
  });

  it('an unknown scene falls back to the default one, saying so', () => {
    const p = planWall({ displays: grid2x2(), profile: hall2x2, wallId: 'wall-1', scene: 'nope' });
    expect(p.scene).toBe('日常');
    expect(p.notes[0]).toMatch(/scene nope is not in the profile/);
  });

  it('an unknown wall id plans nothing and says why', () => {
    const p = planWall({ displays: grid2x2(), profile: hall2x2, wallId: 'wall-9', scene: '日常' });
    expect(p.windows).toEqual([]);
    expect(p.notes[0]).toMatch(/wall-9 is not in the profile/);
  });
});
