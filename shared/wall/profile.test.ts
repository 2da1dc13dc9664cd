import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextScheduleChange, parseWallProfile, scheduledSceneAt } from './index';

const WALLS = join(__dirname, '..', '..', 'assets', 'walls');

const minimal = `version: 1
walls:
  - id: wall-1
    grid: { rows: 1, columns: 2 }
    monitors:
      - { id: L, row: 0, column: 0 }
      - { id: R, row: 0, column: 1 }
defaultScene: day
scenes:
  day:
    walls:
      wall-1:
        monitors:
          L: { view: map }
          R: { view: cameras, cameras: [cam-1] }
`;

describe('wall profile parsing', () => {
  it('accepts every example profile in assets/walls', () => {
    const files = readdirSync(WALLS).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const r = parseWallProfile(readFileSync(join(WALLS, f), 'utf8'), f);
      expect(r.ok ? [] : r.errors, f).toEqual([]);
    }
  });

  it('reads the three scenes of the 3×4 two-PC hall, with monitors on both PCs', () => {
    const r = parseWallProfile(readFileSync(join(WALLS, 'hall-3x4-two-pc.yaml'), 'utf8'));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(Object.keys(r.profile.scenes)).toEqual(['日常', '防汛应急', '重大活动']);
    expect(r.profile.walls.map((w) => w.monitors.length)).toEqual([6, 6]);
    expect(Object.keys(r.profile.scenes['日常']!.walls)).toEqual(['wall-west', 'wall-east']);
  });

  it('reads JSON with the same rules and positions', () => {
    const json = JSON.stringify({ version: 1, walls: [{ id: 'w', grid: { rows: 1, columns: 1 }, monitors: [{ id: 'M', row: 0, column: 0 }] }], defaultScene: 'a', scenes: { a: { walls: { w: { monitors: { M: { view: 'dashboard' } } } } } } }, null, 2);
    expect(parseWallProfile(json).ok).toBe(true);
    const bad = json.replace('"dashboard"', '"weather"');
    const r = parseWallProfile(bad, 'wall.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = bad.split('\n').findIndex((l) => l.includes('"weather"')) + 1;
    expect(r.errors[0]).toMatch(new RegExp(`^wall\\.json:${line}:\\d+: scenes\\.a\\.walls\\.w\\.monitors\\.M\\.view`));
  });

  it('names the line and column of a wrong value', () => {
    const r = parseWallProfile(minimal.replace('{ id: R, row: 0, column: 1 }', '{ id: R, row: -1, column: 1 }'), 'hall.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ line: 7, path: 'walls[0].monitors[1].row' });
    expect(r.errors[0]).toMatch(/^hall\.yaml:7:\d+: walls\[0\]\.monitors\[1\]\.row: /);
  });

  it('names the line of an unknown key (a typo is not silently ignored)', () => {
    const r = parseWallProfile(minimal.replace('    grid:', '    gird: { rows: 1, columns: 2 }\n    grid:'), 'hall.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.find((p) => p.path.endsWith('gird'))).toMatchObject({ line: 4, column: 5 });
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseWallProfile('version: 1\nwalls: [\n  - id: x\n', 'broken.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatch(/^broken\.yaml:\d+:\d+: /);
  });

  it('refuses duplicate keys', () => {
    const r = parseWallProfile(minimal.replace('          R: { view: cameras', '          L: { view: drainage }\n          R: { view: cameras'));
    expect(r.ok).toBe(false);
  });

  it('checks references: unknown monitor, wall, scene, and spans outside the grid or overlapping', () => {
    const text = `${minimal}          X: { view: map }
  night:
    walls:
      wall-9: { monitors: {} }
      wall-1:
        spans:
          - { row: 0, column: 1, rows: 1, columns: 2, show: { view: map } }
schedule:
  - { at: "20:00", scene: nacht }
`;
    const r = parseWallProfile(text, 'hall.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byLine = Object.fromEntries(r.problems.map((p) => [p.line, p.message]));
    expect(byLine[16]).toMatch(/monitor X is not defined in wall wall-1/);
    expect(byLine[19]).toMatch(/wall wall-9 is not defined/);
    expect(byLine[22]).toMatch(/leaves the 1×2 grid/);
    expect(byLine[24]).toMatch(/scene nacht is not defined/);
  });

  it('refuses a monitor both spanned and assigned, and two monitors in one cell', () => {
    const spanned = minimal.replace('        monitors:\n          L:', '        spans:\n          - { row: 0, column: 0, rows: 1, columns: 2, show: { view: map } }\n        monitors:\n          L:');
    const r1 = parseWallProfile(spanned);
    expect(r1.ok ? [] : r1.errors.join()).toMatch(/also part of a span/);
    const r2 = parseWallProfile(minimal.replace('{ id: R, row: 0, column: 1 }', '{ id: R, row: 0, column: 0 }'));
    expect(r2.ok ? [] : r2.errors.join()).toMatch(/two monitors at row 0, column 0/);
  });

  it('warns when a span cannot be bezel-compensated', () => {
    const spanned = minimal.replace('        monitors:\n          L: { view: map }\n          R: { view: cameras, cameras: [cam-1] }', '        spans:\n          - { row: 0, column: 0, rows: 1, columns: 2, show: { view: map } }');
    const r = parseWallProfile(spanned, 'hall.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings[0]).toMatch(/^hall\.yaml:\d+:\d+: .*bezels are not compensated/);
  });
});

describe('scene schedule', () => {
  const schedule = [
    { at: '08:00', scene: '日常' },
    { at: '20:00', scene: '夜间', days: ['fri' as const] },
  ];
  // 2026-11-27 is a Friday; times in China (UTC+8).
  const cst = (iso: string) => Date.parse(`${iso}+08:00`);

  it('picks the latest entry at or before now, looking back across days', () => {
    expect(scheduledSceneAt(schedule, cst('2026-11-27T10:00:00'))).toEqual({ scene: '日常', since: cst('2026-11-27T08:00:00') });
    expect(scheduledSceneAt(schedule, cst('2026-11-27T21:00:00'))?.scene).toBe('夜间');
    expect(scheduledSceneAt(schedule, cst('2026-11-28T07:59:00'))).toEqual({ scene: '夜间', since: cst('2026-11-27T20:00:00') });
    expect(scheduledSceneAt(schedule, cst('2026-11-26T21:00:00'))?.scene).toBe('日常');
    expect(scheduledSceneAt([], Date.now())).toBeNull();
  });

  it('finds the next change', () => {
    expect(nextScheduleChange(schedule, cst('2026-11-27T10:00:00'))).toEqual({ scene: '夜间', since: cst('2026-11-27T20:00:00') });
    expect(nextScheduleChange(schedule, cst('2026-11-26T10:00:00'))).toEqual({ scene: '日常', since: cst('2026-11-27T08:00:00') });
  });
});
