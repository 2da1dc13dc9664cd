/**
 * Reads a wall profile (YAML or JSON — JSON is read by the same YAML parser) and reports
 * every problem with the file, line and column of the offending key, so a technician on a
 * ladder can fix `walls.yaml:14:7` rather than guess.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { WallProfile } from './schema';
import { checkProfile } from './semantics';

export type ProfilePath = readonly (string | number)[];

export interface ProfileProblem {
  line: number;
  column: number;
  path: string;
  message: string;
}

export type ProfileResult =
  | { ok: true; profile: WallProfile; warnings: string[] }
  | { ok: false; errors: string[]; problems: ProfileProblem[] };

function pathText(path: ProfilePath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(root)';
}

/** The node a path points at, or the closest existing ancestor; keys win over values so the line names the key. */
function locate(root: YamlNode | null, path: ProfilePath): { offset: number } {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) break;
      const k = pair.key as YamlNode | undefined;
      offset = k?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return { offset };
}

export function parseWallProfile(text: string, fileName = 'wall profile'): ProfileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = at(e.pos[0]);
      return { line, column: col, path: '', message: e.message.split('\n')[0]! };
    });
    return { ok: false, problems, errors: problems.map((p) => `${fileName}:${p.line}:${p.column}: ${p.message}`) };
  }
  const data: unknown = doc.toJS();
  const root = doc.contents as YamlNode | null;
  const toProblem = (path: ProfilePath, message: string): ProfileProblem => {
    const { line, col } = at(locate(root, path).offset);
    return { line, column: col, path: pathText(path), message };
  };
  const r = WallProfile.safeParse(data);
  let problems: ProfileProblem[];
  if (!r.success) {
    problems = r.error.issues.map((i: z.core.$ZodIssue) => {
      // An unknown key is reported at its parent; point at the key itself.
      const keys = i.code === 'unrecognized_keys' ? i.keys : [];
      const path = keys.length > 0 ? [...i.path, keys[0]!] : i.path;
      return toProblem(path as ProfilePath, i.message);
    });
  } else {
    const checked = checkProfile(r.data);
    problems = checked.errors.map((e) => toProblem(e.path, e.message));
    const warnings = checked.warnings.map((w) => {
      const p = toProblem(w.path, w.message);
      return `${fileName}:${p.line}:${p.column}: ${p.path}: ${p.message}`;
    });
    if (problems.length === 0) return { ok: true, profile: r.data, warnings };
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems, errors: problems.map((p) => `${fileName}:${p.line}:${p.column}: ${p.path}: ${p.message}`) };
}
