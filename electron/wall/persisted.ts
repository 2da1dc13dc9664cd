/**
 * What the wall remembers across restarts, in userData/wall-state.json: the last scene (a
 * Windows update reboot must bring back the flood-emergency layout, not the default) and
 * whether the GPU fell back to software rendering. Written atomically (tmp + rename), read
 * forgivingly: a damaged file means defaults, never a wall that does not start.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const PersistedWallState = z.object({
  scene: z.string().min(1).max(64).optional(),
  sceneSetAt: z.number().optional(),
  sceneSetBy: z.string().max(128).optional(),
  softwareRendering: z.boolean().optional(),
  softwareReason: z.string().max(512).optional(),
});
export type PersistedWallState = z.infer<typeof PersistedWallState>;

export function readWallState(path: string): { state: PersistedWallState; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: {} };
    return { state: {}, problem: `${path}: cannot be read (${(e as Error).message})` };
  }
  try {
    const r = PersistedWallState.safeParse(JSON.parse(text));
    if (r.success) return { state: r.data };
    return { state: {}, problem: `${path}: not a wall state file; starting from defaults` };
  } catch {
    return { state: {}, problem: `${path}: damaged JSON; starting from defaults` };
  }
}

export function writeWallState(path: string, state: PersistedWallState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  renameSync(tmp, path);
}

/**
 * The scene to start with: the remembered one if the profile still has it, else the schedule's
 * (when the schedule changed since it was remembered), else the profile's default.
 */
export function startupScene(o: { remembered?: string; rememberedAt?: number; scheduled?: { scene: string; since: number } | null; scenes: readonly string[]; defaultScene: string }): { scene: string; why: string } {
  if (o.scheduled && (o.rememberedAt === undefined || o.scheduled.since > o.rememberedAt) && o.scenes.includes(o.scheduled.scene)) {
    return { scene: o.scheduled.scene, why: `schedule since ${new Date(o.scheduled.since).toISOString()}` };
  }
  if (o.remembered && o.scenes.includes(o.remembered)) return { scene: o.remembered, why: 'last scene before the restart' };
  return { scene: o.defaultScene, why: o.remembered ? `remembered scene ${o.remembered} is no longer in the profile; default` : 'default scene' };
}
