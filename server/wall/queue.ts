/**
 * Wall commands on the server: one queue per wall id. A command is stored as `pending` on the
 * wall's entity in the `wall` topic, so a connected wall sees it in the next delta and an
 * offline wall finds it in its snapshot when it reconnects — nothing is dropped because the
 * wall was away. The wall applies each command id once and confirms with `wall.applied`;
 * the command then shows as `applied` on every console. A newer push to the same monitor
 * supersedes an older one still pending (a wall back after a night shows the latest, once).
 *
 * With a database every change is written through (`WallSink`), and `restore` merges what an
 * earlier run left once the database is open. Until then the queue works from memory: pushes
 * are accepted and written later, and a wall's confirmation of a command only the database
 * knows is kept and applied when it is read back — so nothing is delivered twice.
 */
import type { WallCommandState, WallPushTarget, WallState } from '../../shared/protocol';
import type { RestoredWalls, WallSink } from '../persistence/walls';

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
  /** A scene was set in this run: a restored (older) scene must not override it. */
  sceneSet: boolean;
}

interface EarlyConfirmation {
  wallId: string;
  ok: boolean;
  message: string | null;
  at: number;
}

export class WallCommandQueue {
  private walls = new Map<string, WallEntry>();
  private changed = new Set<string>();
  private sink: WallSink | null = null;
  private restored = true;
  private early = new Map<string, EarlyConfirmation>();

  constructor(
    private readonly now: () => number,
    initial: readonly WallState[] = [],
  ) {
    for (const w of initial) this.walls.set(w.id, { state: { ...w, online: false, commands: [] }, commands: [], connections: 0, sceneSet: false });
  }

  /** Writes every change through to `sink`; until `restore` is called, confirmations of unknown ids are kept. */
  persistTo(sink: WallSink): void {
    this.sink = sink;
    this.restored = false;
  }

  private entry(wallId: string): WallEntry {
    let e = this.walls.get(wallId);
    if (!e) {
      e = { state: { id: wallId, scene: '', updatedAt: this.now(), updatedBy: null, online: false, commands: [] }, commands: [], connections: 0, sceneSet: false };
      this.walls.set(wallId, e);
    }
    return e;
  }

  private touch(e: WallEntry): void {
    const done = e.commands.filter((c) => c.state !== 'pending');
    const drop = new Set(done.slice(0, Math.max(0, done.length - KEEP_DONE)));
    if (drop.size > 0) {
      e.commands = e.commands.filter((c) => !drop.has(c));
      this.sink?.wallCommandsDropped([...drop].map((c) => c.commandId));
    }
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
      if (supersedes(c, old)) {
        old.state = 'superseded';
        this.write(wallId, old);
      }
    }
    e.commands.push(c);
    this.write(wallId, c);
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
      e.sceneSet = true;
      this.sink?.wallSceneChanged({ id: wallId, scene, updatedAt: e.state.updatedAt, updatedBy: by });
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
    if (!e || !c) {
      if (!this.restored) {
        // Perhaps a command of an earlier run the database has not given back yet: kept, so
        // `restore` marks it confirmed instead of delivering it again.
        if (this.early.size < 10_000) this.early.set(commandId, { wallId, ok, message, at: this.now() });
        return { ok: false, code: 'NOT_FOUND', message: `wall ${wallId} has no command ${commandId} yet (the database is still opening); the confirmation is kept` };
      }
      return { ok: false, code: 'NOT_FOUND', message: `wall ${wallId} has no command ${commandId}` };
    }
    // A repeated confirmation (the ack was lost and the wall sent it again) changes nothing.
    if (c.state === 'pending' || c.state === 'superseded') {
      this.confirm(c, ok, message, this.now());
      this.write(wallId, c);
      this.touch(e);
    }
    return { ok: true, result: { wallId, commandId, state: c.state } };
  }

  /**
   * Merges what the database kept from earlier runs: their commands go before this run's (they
   * were issued earlier), a newer push to the same monitor supersedes a restored pending one,
   * and a restored scene applies unless one was set since the start.
   */
  restore(r: RestoredWalls): void {
    for (const s of r.scenes) {
      const e = this.entry(s.id);
      if (e.sceneSet) continue;
      e.state = { ...e.state, scene: s.scene, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
      this.changed.add(s.id);
    }
    const byWall = new Map<string, WallCommandState[]>();
    for (const { wallId, command } of r.commands) {
      const list = byWall.get(wallId) ?? [];
      list.push({ ...command });
      byWall.set(wallId, list);
    }
    for (const [wallId, olds] of byWall) {
      const e = this.entry(wallId);
      const current = new Map(e.commands.map((c) => [c.commandId, c]));
      const earlier: WallCommandState[] = [];
      for (const old of olds) {
        const same = current.get(old.commandId);
        // The console retried an id before the database answered: the stored state wins if it is further along.
        if (same) {
          if (same.state === 'pending' && old.state !== 'pending') {
            Object.assign(same, old);
            // This run already wrote the retry as pending: the stored state goes back over it.
            this.write(wallId, same);
          }
          continue;
        }
        earlier.push(old);
      }
      e.commands = [...earlier, ...e.commands];
      // Supersession across the two runs: the latest pending push per monitor (and scene) stays.
      const pending = e.commands.filter((c) => c.state === 'pending');
      for (let i = 0; i < pending.length; i++) {
        const old = pending[i]!;
        if (pending.slice(i + 1).some((newer) => supersedes(newer, old))) {
          old.state = 'superseded';
          this.write(wallId, old);
        }
      }
      this.touch(e);
    }
    for (const [commandId, conf] of this.early) {
      const e = this.walls.get(conf.wallId);
      const c = e?.commands.find((x) => x.commandId === commandId);
      if (!e || !c || (c.state !== 'pending' && c.state !== 'superseded')) continue;
      this.confirm(c, conf.ok, conf.message, conf.at);
      this.write(conf.wallId, c);
      this.touch(e);
    }
    this.early.clear();
    this.restored = true;
  }

  private confirm(c: WallCommandState, ok: boolean, message: string | null, at: number): void {
    c.state = ok ? 'applied' : 'failed';
    c.appliedAt = at;
    c.message = message;
  }

  private write(wallId: string, c: WallCommandState): void {
    this.sink?.wallCommandChanged(wallId, { ...c }, this.now());
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

/** Whether `newer` replaces `old` while both wait: a push to the same monitor, or any scene after a scene. */
function supersedes(newer: WallCommandState, old: WallCommandState): boolean {
  if (newer.type === 'wall.push' && old.type === 'wall.push') return newer.monitor === old.monitor;
  return newer.type === 'wall.scene' && old.type === 'wall.scene';
}

/** The wall id a wall client declares in its handshake (`auth.wallId`), if well formed. */
export function handshakeWallId(auth: unknown): string | null {
  const v = auth && typeof auth === 'object' ? (auth as { wallId?: unknown }).wallId : undefined;
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? v : null;
}
