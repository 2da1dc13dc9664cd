/**
 * Wall commands on the server: one queue per wall id. A command is stored as `pending` on the
 * wall's entity in the `wall` topic, so a connected wall sees it in the next delta and an
 * offline wall finds it in its snapshot when it reconnects — nothing is dropped because the
 * wall was away. The wall applies each command id once and confirms with `wall.applied`;
 * the command then shows as `applied` on every console. A newer push to the same monitor
 * supersedes an older one still pending (a wall back after a night shows the latest, once).
 */
import type { WallCommandState, WallPushTarget, WallState } from '../../shared/protocol';

export type WallResult =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN'; message: string };

/** Pending commands per wall beyond which pushes are refused (CONFLICT), never dropped. */
export const MAX_PENDING = 64;
/** Confirmed commands kept on the entity for the consoles' history. */
export const KEEP_DONE = 16;

interface WallEntry {
  state: WallState;
  commands: WallCommandState[];
  connections: number;
}

export class WallCommandQueue {
  private walls = new Map<string, WallEntry>();
  private changed = new Set<string>();

  constructor(
    private readonly now: () => number,
    initial: readonly WallState[] = [],
  ) {
    for (const w of initial) this.walls.set(w.id, { state: { ...w, online: false, commands: [] }, commands: [], connections: 0 });
  }

  private entry(wallId: string): WallEntry {
    let e = this.walls.get(wallId);
    if (!e) {
      e = { state: { id: wallId, scene: '', updatedAt: this.now(), updatedBy: null, online: false, commands: [] }, commands: [], connections: 0 };
      this.walls.set(wallId, e);
    }
    return e;
  }

  private touch(e: WallEntry): void {
    const done = e.commands.filter((c) => c.state !== 'pending');
    const drop = new Set(done.slice(0, Math.max(0, done.length - KEEP_DONE)));
    e.commands = e.commands.filter((c) => !drop.has(c));
    e.state = { ...e.state, online: e.connections > 0, commands: e.commands.map((c) => ({ ...c })) };
    this.changed.add(e.state.id);
  }

  private enqueue(wallId: string, c: WallCommandState): WallResult {
    const e = this.entry(wallId);
    const existing = e.commands.find((x) => x.commandId === c.commandId);
    if (existing) return { ok: true, result: { wallId, commandId: c.commandId, state: existing.state } };
    const pending = e.commands.filter((x) => x.state === 'pending');
    if (pending.length >= MAX_PENDING) {
      return { ok: false, code: 'CONFLICT', message: `wall ${wallId} has ${MAX_PENDING} commands waiting; it has not confirmed any for a while` };
    }
    for (const old of pending) {
      const sameMonitor = c.type === 'wall.push' && old.type === 'wall.push' && old.monitor === c.monitor;
      const sameScene = c.type === 'wall.scene' && old.type === 'wall.scene';
      if (sameMonitor || sameScene) old.state = 'superseded';
    }
    e.commands.push(c);
    this.touch(e);
    return { ok: true, result: { wallId, commandId: c.commandId, state: 'pending', online: e.connections > 0 } };
  }

  push(commandId: string, wallId: string, monitor: string, target: WallPushTarget, by: string | null): WallResult {
    return this.enqueue(wallId, { commandId, type: 'wall.push', monitor, target, scene: null, state: 'pending', issuedAt: this.now(), issuedBy: by, appliedAt: null, message: null });
  }

  scene(commandId: string, wallId: string, scene: string, by: string | null): WallResult {
    const r = this.enqueue(wallId, { commandId, type: 'wall.scene', monitor: null, target: null, scene, state: 'pending', issuedAt: this.now(), issuedBy: by, appliedAt: null, message: null });
    if (r.ok) {
      const e = this.entry(wallId);
      e.state = { ...e.state, scene, updatedAt: this.now(), updatedBy: by };
      this.touch(e);
      const { id, updatedAt, updatedBy } = e.state;
      return { ok: true, result: { ...r.result, wall: { id, scene, updatedAt, updatedBy } } };
    }
    return r;
  }

  /** A wall's confirmation. `fromWallId` is the wall id of the connection (handshake). */
  applied(fromWallId: string | null, wallId: string, commandId: string, ok: boolean, message: string | null): WallResult {
    if (fromWallId !== wallId) {
      return { ok: false, code: 'FORBIDDEN', message: fromWallId ? `this connection is wall ${fromWallId}, not ${wallId}` : 'this connection did not name its wall (handshake wallId)' };
    }
    const e = this.walls.get(wallId);
    const c = e?.commands.find((x) => x.commandId === commandId);
    if (!e || !c) return { ok: false, code: 'NOT_FOUND', message: `wall ${wallId} has no command ${commandId}` };
    // A repeated confirmation (the ack was lost and the wall sent it again) changes nothing.
    if (c.state === 'pending' || c.state === 'superseded') {
      c.state = ok ? 'applied' : 'failed';
      c.appliedAt = this.now();
      c.message = message;
      this.touch(e);
    }
    return { ok: true, result: { wallId, commandId, state: c.state } };
  }

  connected(wallId: string): void {
    const e = this.entry(wallId);
    e.connections++;
    if (e.connections === 1) this.touch(e);
  }

  disconnected(wallId: string): void {
    const e = this.walls.get(wallId);
    if (!e) return;
    e.connections = Math.max(0, e.connections - 1);
    if (e.connections === 0) this.touch(e);
  }

  pending(wallId: string): WallCommandState[] {
    return (this.walls.get(wallId)?.commands ?? []).filter((c) => c.state === 'pending').map((c) => ({ ...c }));
  }

  entities(): WallState[] {
    return [...this.walls.values()].map((e) => ({ ...e.state, commands: e.commands.map((c) => ({ ...c })) }));
  }

  count(): number {
    return this.walls.size;
  }

  /** Wall entities changed since the last call. */
  drainChanges(): WallState[] {
    const out = [...this.changed].map((id) => this.walls.get(id)!).map((e) => ({ ...e.state }));
    this.changed.clear();
    return out;
  }
}

/** The wall id a wall client declares in its handshake (`auth.wallId`), if well formed. */
export function handshakeWallId(auth: unknown): string | null {
  const v = auth && typeof auth === 'object' ? (auth as { wallId?: unknown }).wallId : undefined;
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? v : null;
}
