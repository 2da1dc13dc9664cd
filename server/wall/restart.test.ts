import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_NAMESPACE, type CommandResult, type WallCommandState, type WallState } from '../../shared/protocol';
import { setLogLevel } from '../log';
import type { StoredWallScene, WallSink } from '../persistence/walls';
import { startStreamServer, type StreamServer } from '../stream/server';
import { WallCommandQueue } from './queue';

/** Records what the queue writes through, as the journal would. */
class MemorySink implements WallSink {
  commands = new Map<string, { wallId: string; command: WallCommandState }>();
  scenes = new Map<string, StoredWallScene>();
  wallCommandChanged(wallId: string, c: WallCommandState): void {
    this.commands.delete(c.commandId);
    this.commands.set(c.commandId, { wallId, command: { ...c } });
  }
  wallCommandsDropped(ids: readonly string[]): void {
    for (const id of ids) this.commands.delete(id);
  }
  wallSceneChanged(s: StoredWallScene): void {
    this.scenes.set(s.id, s);
  }
  restored() {
    return { scenes: [...this.scenes.values()], commands: [...this.commands.values()] };
  }
}

describe('wall queue across a restart (write-through and restore)', () => {
  const start = (sink: MemorySink) => {
    const q = new WallCommandQueue(() => 5000, [{ id: 'wall-1', scene: '日常', updatedAt: 0, updatedBy: null }]);
    q.persistTo(sink);
    return q;
  };

  it('a pending push and the scene come back; an applied one comes back applied and is not pending again', () => {
    const disk = new MemorySink();
    const first = start(disk);
    first.restore({ scenes: [], commands: [] });
    first.push('p1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, 'console-1');
    first.push('p2', 'wall-1', 'A2', { kind: 'camera', cameraId: 'cam-1' }, 'console-1');
    first.scene('s1', 'wall-1', '防汛应急', 'console-1');
    first.applied('wall-1', 'wall-1', 'p2', true, null);

    const second = start(disk);
    expect(second.pending('wall-1')).toEqual([]);
    second.restore(disk.restored());
    expect(second.pending('wall-1').map((c) => c.commandId)).toEqual(['p1', 's1']);
    const e = second.entities()[0]!;
    expect(e.scene).toBe('防汛应急');
    expect(e.commands!.find((c) => c.commandId === 'p2')).toMatchObject({ state: 'applied' });
    expect(second.drainChanges().map((w) => w.id)).toEqual(['wall-1']);
  });

  it('before the database answers: a newer push supersedes the restored one, an early confirmation is kept, a newer scene wins', () => {
    const disk = new MemorySink();
    const first = start(disk);
    first.restore({ scenes: [], commands: [] });
    first.push('old-A1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    first.push('old-B1', 'wall-1', 'B1', { kind: 'view', view: 'drainage' }, null);
    first.scene('old-scene', 'wall-1', '夜间', null);
    // What the database holds when the next run reads it (its own writes land after that).
    const kept = disk.restored();

    const second = start(disk);
    second.push('new-A1', 'wall-1', 'A1', { kind: 'view', view: 'cameras' }, null);
    second.scene('new-scene', 'wall-1', '日常', 'console-2');
    // The wall applied old-B1 before the restart but its confirmation arrives now.
    expect(second.applied('wall-1', 'wall-1', 'old-B1', true, null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    second.restore(kept);

    const cmds = second.entities()[0]!.commands!;
    expect(cmds.map((c) => `${c.commandId}:${c.state}`)).toEqual(['old-A1:superseded', 'old-B1:applied', 'old-scene:superseded', 'new-A1:pending', 'new-scene:pending']);
    expect(second.entities()[0]!.scene).toBe('日常');
    // What is on disk now says the same: a third start delivers new-A1 and new-scene only.
    const third = start(disk);
    third.restore(disk.restored());
    expect(third.pending('wall-1').map((c) => c.commandId)).toEqual(['new-A1', 'new-scene']);
  });

  it('a retried push id before the database answers takes the stored state (never delivered twice)', () => {
    const disk = new MemorySink();
    const first = start(disk);
    first.restore({ scenes: [], commands: [] });
    first.push('p1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    first.applied('wall-1', 'wall-1', 'p1', true, null);
    const kept = disk.restored();
    const second = start(disk);
    second.push('p1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    expect(disk.commands.get('p1')!.command.state).toBe('pending');
    second.restore(kept);
    expect(second.pending('wall-1')).toEqual([]);
    expect(second.entities()[0]!.commands!.filter((c) => c.commandId === 'p1')).toMatchObject([{ state: 'applied' }]);
    // …and the stored row is applied again, over the retry's pending write.
    expect(disk.commands.get('p1')!.command.state).toBe('applied');
  });
});

describe('wall queue through a real server restart with a PGlite data directory', () => {
  const TOKEN = 'wall-restart-test-token';
  const dir = mkdtempSync(join(tmpdir(), 'qujing-wall-db-'));
  const sockets: Socket[] = [];
  let server: StreamServer | null = null;
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    setLogLevel('info');
  });
  const connect = (port: number, auth: Record<string, unknown>) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(`http://127.0.0.1:${port}${PROTOCOL_NAMESPACE}`, { auth: { token: TOKEN, protocol: 1, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const command = (s: Socket, id: string, type: string, payload: unknown) => new Promise<CommandResult>((resolve) => s.emit('command', { id, type, payload }, resolve));
  const wallSnapshot = (s: Socket, wallId: string) =>
    new Promise<WallState | undefined>((resolve) => {
      s.once('snapshot', (env: { entities: WallState[] }) => resolve(env.entities.find((e) => e.id === wallId)));
      s.emit('subscribe', { topics: ['wall'] }, () => undefined);
    });

  it(
    'a push to an offline wall survives the restart, is delivered once, and stays applied after a second restart',
    async () => {
      setLogLevel('error');
      server = await startStreamServer({ port: 0, seed: 3, tickMs: 100, token: TOKEN, dataDir: dir });
      await server.persistenceReady;
      const con = await connect(server.port, { role: 'console', client: 'console-1' });
      expect(await command(con, 'push-r1', 'wall.push', { wallId: 'wall-7', monitor: 'B2', target: { kind: 'view', view: 'drainage' } })).toMatchObject({ ok: true, result: { state: 'pending' } });
      expect(await command(con, 'scene-r1', 'wall.scene', { wallId: 'wall-7', scene: '防汛应急' })).toMatchObject({ ok: true });
      await server.close();
      server = null;

      server = await startStreamServer({ port: 0, seed: 3, tickMs: 100, token: TOKEN, dataDir: dir });
      await server.persistenceReady;
      expect(server.health().persistence.restored.wallCommands).toBe(2);
      const wall = await connect(server.port, { role: 'wall', wallId: 'wall-7' });
      const seen = await wallSnapshot(wall, 'wall-7');
      expect(seen).toMatchObject({ scene: '防汛应急', online: true });
      expect(seen!.commands!.filter((c) => c.state === 'pending').map((c) => c.commandId)).toEqual(['push-r1', 'scene-r1']);
      expect(await command(wall, 'ack-r1', 'wall.applied', { wallId: 'wall-7', commandId: 'push-r1', ok: true })).toMatchObject({ ok: true, result: { state: 'applied' } });
      expect(await command(wall, 'ack-r2', 'wall.applied', { wallId: 'wall-7', commandId: 'scene-r1', ok: true })).toMatchObject({ ok: true, result: { state: 'applied' } });
      // The console's retry of the same id after the restart is answered from the store, not queued again.
      expect(await command(con.connected ? con : await connect(server.port, { role: 'console' }), 'push-r1', 'wall.push', { wallId: 'wall-7', monitor: 'B2', target: { kind: 'view', view: 'drainage' } })).toMatchObject({ ok: true });
      await server.close();
      server = null;

      server = await startStreamServer({ port: 0, seed: 3, tickMs: 100, token: TOKEN, dataDir: dir });
      await server.persistenceReady;
      const again = await connect(server.port, { role: 'wall', wallId: 'wall-7' });
      const after = await wallSnapshot(again, 'wall-7');
      expect(after!.commands!.filter((c) => c.state === 'pending')).toEqual([]);
      expect(after!.commands!.filter((c) => c.commandId === 'push-r1')).toMatchObject([{ state: 'applied', issuedBy: 'console-1' }]);
      expect(after!.scene).toBe('防汛应急');
    },
    240_000,
  );
});
