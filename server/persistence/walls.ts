/**
 * The wall command queue on disk: every wall command with its state, and each wall's scene.
 * A restarted server reads back the pending pushes (a wall that was off overnight still gets
 * them, once) and the confirmed ones (an applied id is never delivered again).
 */
import type { WallCommandState } from '../../shared/protocol';
import type { Db } from './db';

/** Confirmed commands read back per wall (pending ones are always read back). */
const RESTORE_DONE_PER_WALL = 16;
const MAX_RESTORED = 20_000;

export interface StoredWallScene {
  id: string;
  scene: string;
  updatedAt: number;
  updatedBy: string | null;
}

export interface StoredWallCommand {
  wallId: string;
  command: WallCommandState;
}

export interface RestoredWalls {
  scenes: StoredWallScene[];
  /** Oldest first (the order they were issued in, across runs). */
  commands: StoredWallCommand[];
}

/** Where the wall command queue writes through to; the journal implements it. */
export interface WallSink {
  wallCommandChanged(wallId: string, c: WallCommandState, now: number): void;
  wallCommandsDropped(commandIds: readonly string[]): void;
  wallSceneChanged(scene: StoredWallScene): void;
}

export const EMPTY_WALLS: RestoredWalls = { scenes: [], commands: [] };

export const WALL_SQL = {
  upsertCommand: `insert into wall_commands (command_id, wall_id, state, updated_at, entity) values ($1, $2, $3, $4, $5)
    on conflict (command_id) do update set state = excluded.state, updated_at = excluded.updated_at, entity = excluded.entity`,
  deleteCommands: `delete from wall_commands where command_id = any($1)`,
  upsertScene: `insert into walls (id, scene, updated_at, updated_by) values ($1, $2, $3, $4)
    on conflict (id) do update set scene = excluded.scene, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
} as const;

export async function restoreWalls(db: Db): Promise<RestoredWalls> {
  const scenes = (await db.query<{ id: string; scene: string; updated_at: string; updated_by: string | null }>('select id, scene, updated_at, updated_by from walls order by id')).rows.map(
    (r) => ({ id: r.id, scene: r.scene, updatedAt: Number(r.updated_at), updatedBy: r.updated_by }),
  );
  const rows = (
    await db.query<{ wall_id: string; entity: WallCommandState }>(
      `select wall_id, entity from (
         select wall_id, entity, seq, state,
                row_number() over (partition by wall_id, state = 'pending' order by seq desc) as recent
         from wall_commands
       ) c
       where state = 'pending' or recent <= $1
       order by seq
       limit $2`,
      [RESTORE_DONE_PER_WALL, MAX_RESTORED],
    )
  ).rows;
  return { scenes, commands: rows.map((r) => ({ wallId: r.wall_id, command: r.entity })) };
}
