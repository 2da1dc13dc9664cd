import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_NAMESPACE, WallState, type CommandResult } from '../../shared/protocol';
import { setLogLevel } from '../log';
import { startStreamServer, type StreamServer } from '../stream/server';
import { MAX_PENDING, WallCommandQueue, handshakeWallId } from './queue';

describe('wall command queue', () => {
  const q = () => new WallCommandQueue(() => 1000, [{ id: 'wall-1', scene: '日常', updatedAt: 0, updatedBy: null }]);

  it('keeps a push pending until its wall confirms, then shows it applied', () => {
    const w = q();
    expect(w.push('c1', 'wall-1', 'A1', { kind: 'camera', cameraId: 'cam-7' }, 'console-1')).toEqual({ ok: true, result: { wallId: 'wall-1', commandId: 'c1', state: 'pending', online: false } });
    expect(w.pending('wall-1').map((c) => c.commandId)).toEqual(['c1']);
    expect(w.applied('wall-1', 'wall-1', 'c1', true, null)).toMatchObject({ ok: true, result: { state: 'applied' } });
    expect(w.pending('wall-1')).toEqual([]);
    expect(w.entities()[0]!.commands![0]).toMatchObject({ commandId: 'c1', state: 'applied', appliedAt: 1000, issuedBy: 'console-1' });
  });

  it('is idempotent: a repeated id or a repeated confirmation changes nothing', () => {
    const w = q();
    w.push('c1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    w.push('c1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    expect(w.pending('wall-1')).toHaveLength(1);
    w.applied('wall-1', 'wall-1', 'c1', true, null);
    expect(w.applied('wall-1', 'wall-1', 'c1', false, 'late')).toMatchObject({ ok: true, result: { state: 'applied' } });
  });

  it('refuses a confirmation from another wall or for an unknown command', () => {
    const w = q();
    w.push('c1', 'wall-1', 'A1', { kind: 'view', view: 'map' }, null);
    expect(w.applied('wall-2', 'wall-1', 'c1', true, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(w.applied(null, 'wall-1', 'c1', true, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(w.applied('wall-1', 'wall-1', 'nope', true, null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('a newer push to the same monitor supersedes the pending one; other monitors keep theirs', () => {
    const w = q();
    w.push('c1', 'wall-1', 'A1', { kind: 'camera', cameraId: 'a' }, null);
    w.push('c2', 'wall-1', 'A2', { kind: 'camera', cameraId: 'b' }, null);
    w.push('c3', 'wall-1', 'A1', { kind: 'camera', cameraId: 'c' }, null);
    expect(w.pending('wall-1').map((c) => c.commandId)).toEqual(['c2', 'c3']);
    expect(w.entities()[0]!.commands!.find((c) => c.commandId === 'c1')!.state).toBe('superseded');
  });

  it('refuses (never drops) pushes beyond the pending limit', () => {
    const w = q();
    for (let i = 0; i < MAX_PENDING; i++) expect(w.push(`c${i}`, 'wall-1', `M${i}`, { kind: 'view', view: 'map' }, null).ok).toBe(true);
    expect(w.push('one-more', 'wall-1', 'X', { kind: 'view', view: 'map' }, null)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(w.pending('wall-1')).toHaveLength(MAX_PENDING);
  });

  it('a scene sets the wall scene at once and stays pending until confirmed; the entity validates', () => {
    const w = q();
    w.scene('s1', 'wall-1', '防汛应急', 'console-2');
    const e = w.entities()[0]!;
    expect(e).toMatchObject({ scene: '防汛应急', updatedBy: 'console-2', online: false });
    expect(WallState.safeParse(e).success).toBe(true);
    expect(w.drainChanges().map((x) => x.id)).toEqual(['wall-1']);
    expect(w.drainChanges()).toEqual([]);
  });

  it('tracks whether the wall is online across several windows of one PC', () => {
    const w = q();
    w.connected('wall-1');
    w.connected('wall-1');
    w.disconnected('wall-1');
    expect(w.entities()[0]!.online).toBe(true);
    w.disconnected('wall-1');
    expect(w.entities()[0]!.online).toBe(false);
  });

  it('reads a well-formed wall id from the handshake only', () => {
    expect(handshakeWallId({ wallId: 'wall-east' })).toBe('wall-east');
    expect(handshakeWallId({ wallId: '../x' })).toBeNull();
    expect(handshakeWallId({})).toBeNull();
  });
});

describe('wall commands through a real stream server', () => {
  const TOKEN = 'wall-queue-test-token';
  let server: StreamServer;
  let url: string;
  const sockets: Socket[] = [];
  const connect = (auth: Record<string, unknown>) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(url, { auth: { token: TOKEN, protocol: 1, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const command = (s: Socket, id: string, type: string, payload: unknown) =>
    new Promise<CommandResult>((resolve) => s.emit('command', { id, type, payload }, resolve));
  /** The wall entity from a fresh snapshot of the wall topic. */
  const wallSnapshot = (s: Socket, wallId: string) =>
    new Promise<WallState | undefined>((resolve) => {
      s.once('snapshot', (env: { topic: string; entities: WallState[] }) => resolve(env.entities.find((e) => e.id === wallId)));
      s.emit('subscribe', { topics: ['wall'] }, () => undefined);
    });

  beforeAll(async () => {
    setLogLevel('error');
    server = await startStreamServer({ port: 0, seed: 3, tickMs: 100, token: TOKEN });
    url = `http://127.0.0.1:${server.port}${PROTOCOL_NAMESPACE}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    setLogLevel('info');
  });

  it('an offline wall gets a push when it connects, applies it once, and the console sees pending → applied', async () => {
    const consoleSock = await connect({ role: 'console', client: 'console-1' });
    const r = await command(consoleSock, 'push-1', 'wall.push', { wallId: 'wall-9', monitor: 'A1', target: { kind: 'camera', cameraId: 'cam-0003' } });
    expect(r).toMatchObject({ ok: true, result: { state: 'pending', online: false } });

    const wall = await connect({ role: 'wall', wallId: 'wall-9', client: 'wall-9 A1' });
    const seen = await wallSnapshot(wall, 'wall-9');
    expect(seen).toMatchObject({ online: true, commands: [expect.objectContaining({ commandId: 'push-1', state: 'pending', monitor: 'A1', target: { kind: 'camera', cameraId: 'cam-0003' } })] });

    const watcher = await connect({ role: 'console' });
    const appliedSeen = new Promise<WallState>((resolve) => {
      watcher.on('delta', (env: { topic: string; upserts: WallState[] }) => {
        const w = env.topic === 'wall' ? env.upserts.find((e) => e.id === 'wall-9') : undefined;
        if (w?.commands?.some((c) => c.commandId === 'push-1' && c.state === 'applied')) resolve(w);
      });
    });
    await wallSnapshot(watcher, 'wall-9');
    expect(await command(wall, 'ack-1', 'wall.applied', { wallId: 'wall-9', commandId: 'push-1', ok: true })).toMatchObject({ ok: true, result: { state: 'applied' } });
    expect((await appliedSeen).commands!.find((c) => c.commandId === 'push-1')).toMatchObject({ state: 'applied', issuedBy: 'console-1' });

    // Reconnecting finds nothing pending: delivered exactly once.
    wall.close();
    const again = await connect({ role: 'wall', wallId: 'wall-9' });
    const after = await wallSnapshot(again, 'wall-9');
    expect(after!.commands!.filter((c) => c.state === 'pending')).toEqual([]);
    // The console retrying the same id (its ack was lost) does not queue it again.
    expect(await command(consoleSock, 'push-1', 'wall.push', { wallId: 'wall-9', monitor: 'A1', target: { kind: 'camera', cameraId: 'cam-0003' } })).toMatchObject({ ok: true });
    expect(server.health().topics.wall).toBeDefined();
    const final = await wallSnapshot(again, 'wall-9');
    expect(final!.commands!.filter((c) => c.commandId === 'push-1')).toHaveLength(1);
    expect(final!.commands!.filter((c) => c.state === 'pending')).toEqual([]);
  });

  it('only console and admin may push; a wall may only confirm for its own wall id', async () => {
    const wall = await connect({ role: 'wall', wallId: 'wall-1' });
    expect(await command(wall, 'w-push', 'wall.push', { wallId: 'wall-1', monitor: 'A1', target: { kind: 'view', view: 'map' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await command(wall, 'w-scene', 'wall.scene', { wallId: 'wall-1', scene: '防汛应急' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const admin = await connect({ role: 'admin' });
    expect(await command(admin, 'a-push', 'wall.push', { wallId: 'wall-2', monitor: 'B1', target: { kind: 'incident', incidentId: 'inc-1' } })).toMatchObject({ ok: true });
    expect(await command(wall, 'w-ack', 'wall.applied', { wallId: 'wall-2', commandId: 'a-push', ok: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await command(admin, 'a-ack', 'wall.applied', { wallId: 'wall-2', commandId: 'a-push', ok: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const anonymousWall = await connect({ role: 'wall' });
    expect(await command(anonymousWall, 'n-ack', 'wall.applied', { wallId: 'wall-2', commandId: 'a-push', ok: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await command(admin, 'bad', 'wall.push', { wallId: 'wall-2', monitor: 'B1', target: { kind: 'camera' } })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});
