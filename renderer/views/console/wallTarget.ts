/**
 * The monitor the officer chose for pushes from the console: picked on the wall miniature or
 * in an incident's push bar, shared by both. Also the commands pushed from this console, so
 * the incident pane can show their pending/applied state until the wall confirms.
 */
import { create } from 'zustand';
import type { WallCommandState, WallPushTarget, WallState } from '../../../shared/protocol';
import { streamClient } from '../../stream/client';
import type { CommandOutcome } from '../../stream/outbox';

export interface WallTarget {
  /** "wallId/monitor", or null before the officer chose one. */
  target: string | null;
  /** Command ids this console pushed, newest last, with what they were for. */
  sent: { commandId: string; wallId: string; subject: string }[];
  choose: (target: string | null) => void;
  record: (commandId: string, wallId: string, subject: string) => void;
}

export const useWallTarget = create<WallTarget>((set) => ({
  target: null,
  sent: [],
  choose: (target) => set({ target }),
  record: (commandId, wallId, subject) => set((s) => ({ sent: [...s.sent.filter((x) => x.commandId !== commandId), { commandId, wallId, subject }].slice(-50) })),
}));

export function splitTarget(target: string | null): { wallId: string; monitor: string } | null {
  const i = target ? target.indexOf('/') : -1;
  return target && i > 0 ? { wallId: target.slice(0, i), monitor: target.slice(i + 1) } : null;
}

/** The server's record of a command (pending / applied / failed / superseded), if it lists it. */
export function commandState(walls: ReadonlyMap<string, WallState>, wallId: string, commandId: string): WallCommandState | null {
  return walls.get(wallId)?.commands?.find((c) => c.commandId === commandId) ?? null;
}

/** Pending commands across all walls: the count on the console's wall tab. */
export function pendingCount(walls: Iterable<WallState>): number {
  let n = 0;
  for (const w of walls) for (const c of w.commands ?? []) if (c.state === 'pending') n++;
  return n;
}

/** Sends a wall.push and remembers its id; the outcome says whether the server queued it. */
export async function pushToWall(wallId: string, monitor: string, target: WallPushTarget, subject: string): Promise<CommandOutcome> {
  const client = streamClient();
  if (!client) return { ok: false, id: '', code: 'OFFLINE', message: 'not connected to the server' };
  const r = await client.sendCommand('wall.push', { wallId, monitor, target });
  if (r.ok) useWallTarget.getState().record(r.id, wallId, subject);
  return r;
}
