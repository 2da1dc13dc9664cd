/** Checks that need the whole profile: references between scenes, walls and monitors, and grid geometry. */
import type { WallProfile } from './schema';

export interface SemanticIssue {
  path: (string | number)[];
  message: string;
}

export function checkProfile(p: WallProfile): { errors: SemanticIssue[]; warnings: SemanticIssue[] } {
  const errors: SemanticIssue[] = [];
  const warnings: SemanticIssue[] = [];
  const walls = new Map(p.walls.map((w) => [w.id, w]));
  const seenWalls = new Set<string>();
  p.walls.forEach((w, wi) => {
    if (seenWalls.has(w.id)) errors.push({ path: ['walls', wi, 'id'], message: `wall id ${w.id} is used twice` });
    seenWalls.add(w.id);
    const ids = new Set<string>();
    const cells = new Set<string>();
    w.monitors.forEach((m, mi) => {
      if (ids.has(m.id)) errors.push({ path: ['walls', wi, 'monitors', mi, 'id'], message: `monitor id ${m.id} is used twice in wall ${w.id}` });
      ids.add(m.id);
      if (m.row >= w.grid.rows || m.column >= w.grid.columns) {
        errors.push({ path: ['walls', wi, 'monitors', mi, 'row'], message: `monitor ${m.id} at row ${m.row}, column ${m.column} is outside the ${w.grid.rows}×${w.grid.columns} grid` });
      }
      const cell = `${m.row},${m.column}`;
      if (cells.has(cell)) errors.push({ path: ['walls', wi, 'monitors', mi, 'row'], message: `two monitors at row ${m.row}, column ${m.column}` });
      cells.add(cell);
    });
  });
  if (!p.scenes[p.defaultScene]) errors.push({ path: ['defaultScene'], message: `scene ${p.defaultScene} is not defined in scenes` });
  (p.schedule ?? []).forEach((s, i) => {
    if (!p.scenes[s.scene]) errors.push({ path: ['schedule', i, 'scene'], message: `scene ${s.scene} is not defined in scenes` });
  });
  for (const [name, scene] of Object.entries(p.scenes)) {
    for (const [wallId, part] of Object.entries(scene.walls)) {
      const base = ['scenes', name, 'walls', wallId];
      const wall = walls.get(wallId);
      if (!wall) {
        errors.push({ path: base, message: `wall ${wallId} is not defined in walls` });
        continue;
      }
      const byCell = new Map(wall.monitors.map((m) => [`${m.row},${m.column}`, m]));
      const covered = new Map<string, string>();
      (part.spans ?? []).forEach((s, si) => {
        const path = [...base, 'spans', si];
        if (s.row + s.rows > wall.grid.rows || s.column + s.columns > wall.grid.columns) {
          errors.push({ path, message: `span rows ${s.row}..${s.row + s.rows - 1}, columns ${s.column}..${s.column + s.columns - 1} leaves the ${wall.grid.rows}×${wall.grid.columns} grid` });
          return;
        }
        let mm = true;
        for (let r = s.row; r < s.row + s.rows; r++) {
          for (let c = s.column; c < s.column + s.columns; c++) {
            const m = byCell.get(`${r},${c}`);
            if (!m) {
              errors.push({ path, message: `span covers row ${r}, column ${c} where wall ${wallId} has no monitor` });
              continue;
            }
            if (covered.has(m.id)) errors.push({ path, message: `monitor ${m.id} is in two spans` });
            covered.set(m.id, `span ${si}`);
            if (!m.sizeMm) mm = false;
          }
        }
        if (!mm && s.rows * s.columns > 1) warnings.push({ path, message: 'some monitors of this span have no sizeMm: bezels are not compensated' });
      });
      for (const monitorId of Object.keys(part.monitors ?? {})) {
        if (!wall.monitors.some((m) => m.id === monitorId)) {
          errors.push({ path: [...base, 'monitors', monitorId], message: `monitor ${monitorId} is not defined in wall ${wallId}` });
        } else if (covered.has(monitorId)) {
          errors.push({ path: [...base, 'monitors', monitorId], message: `monitor ${monitorId} is also part of a span` });
        }
      }
    }
  }
  return { errors, warnings };
}
