// The server's own state as a second, independent client sees it: a socket.io client in
// Node, connected straight to the server (not through the fault proxy), that subscribes to
// every topic and applies snapshots, deltas and position frames without the wall's code.
// Tests compare the wall's world dump with it entity by entity.
import { io, type Socket } from 'socket.io-client';
import { COORD_SCALE, EV, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, TOPICS, decodeUnitPositions, type Topic } from '../../shared/protocol';
import { entityDigest, type WorldDump } from '../../renderer/diagnostics/worldDump';

type Entity = Record<string, unknown> & { id: string };

export interface ServerMirror {
  seq(): Record<Topic, number>;
  /** Sequence gaps seen on the direct link (should stay empty). */
  errors(): string[];
  /** The topic's entity digests as they were right after message `seq` (the last ~40 kept). */
  digestsAt(topic: Topic, seq: number): Map<string, string> | undefined;
  close(): void;
}

export async function startServerMirror(serverUrl: string, token: string): Promise<ServerMirror> {
  const tables = new Map<Topic, Map<string, Entity>>(TOPICS.map((t) => [t, new Map()]));
  const seq = Object.fromEntries(TOPICS.map((t) => [t, -1])) as Record<Topic, number>;
  const positions = new Map<string, [number, number]>();
  const slotToId = new Map<number, string>();
  const errors: string[] = [];
  const history = new Map<Topic, Map<number, Map<string, string>>>(TOPICS.map((t) => [t, new Map()]));
  const digests = (topic: Topic) => {
    const out = new Map<string, string>();
    for (const [id, e] of tables.get(topic)!) out.set(id, entityDigest(topic, e, topic === 'units' ? positions.get(id) : undefined));
    return out;
  };
  // The wall is sampled a moment after the mirror: keep each topic's recent states by seq.
  const record = (topic: Topic) => {
    const h = history.get(topic)!;
    h.set(seq[topic], digests(topic));
    if (h.size > 40) h.delete(h.keys().next().value!);
  };
  const socket: Socket = io(`${serverUrl}${PROTOCOL_NAMESPACE}`, {
    auth: { token, role: 'wall', protocol: PROTOCOL_VERSION, client: 'test-mirror' },
    transports: ['websocket'],
    reconnection: false,
  });
  const upsertUnit = (u: Entity) => {
    slotToId.set(u.slot as number, u.id);
    positions.set(u.id, [u.lon as number, u.lat as number]);
  };
  socket.on(EV.snapshot, (env: { topic: Topic; seq: number; entities: Entity[] }) => {
    const m = tables.get(env.topic)!;
    m.clear();
    if (env.topic === 'units') {
      positions.clear();
      slotToId.clear();
    }
    for (const e of env.entities) {
      m.set(e.id, e);
      if (env.topic === 'units') upsertUnit(e);
    }
    seq[env.topic] = env.seq;
    history.get(env.topic)!.clear();
    record(env.topic);
  });
  socket.on(EV.delta, (env: { topic: Topic; seq: number; upserts: Entity[]; removes: string[] }) => {
    if (seq[env.topic] < 0) return;
    // A direct, local link never loses a message; if it did, the mirror could not be trusted.
    if (env.seq !== seq[env.topic] + 1) errors.push(`${env.topic} gap ${seq[env.topic]} → ${env.seq}`);
    seq[env.topic] = env.seq;
    const m = tables.get(env.topic)!;
    for (const e of env.upserts) {
      m.set(e.id, e);
      if (env.topic === 'units') upsertUnit(e);
    }
    for (const id of env.removes) {
      m.delete(id);
      positions.delete(id);
    }
    record(env.topic);
  });
  socket.on(EV.positions, (data: unknown) => {
    const r = decodeUnitPositions(data);
    if (!r.ok || seq.units < 0) return;
    if (r.value.seq !== seq.units + 1) errors.push(`units gap ${seq.units} → ${r.value.seq}`);
    seq.units = r.value.seq;
    const b = r.value;
    for (let i = 0; i < b.count; i++) {
      const id = slotToId.get(b.slot[i]!);
      if (id !== undefined) positions.set(id, [b.lon[i]! / COORD_SCALE, b.lat[i]! / COORD_SCALE]);
    }
    record('units');
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.emit(EV.subscribe, { topics: [...TOPICS] }, () => resolve());
    });
    socket.once('connect_error', reject);
  });
  // Wait for every snapshot.
  const t0 = Date.now();
  while (TOPICS.some((t) => seq[t] < 0)) {
    if (Date.now() - t0 > 15_000) throw new Error('mirror: snapshots did not arrive');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    seq: () => ({ ...seq }),
    errors: () => [...errors],
    digestsAt: (topic, at) => history.get(topic)!.get(at),
    close: () => void socket.close(),
  };
}

export interface TopicDiff {
  topic: Topic;
  missing: string[];
  extra: string[];
  outOfDate: string[];
  /** The first out-of-date entity as the server and the wall hold it. */
  example?: { server: string; wall: string };
}

/**
 * Compares the wall's dump with the server's state at the same seq, for every topic the
 * mirror still has that seq for (a topic not yet there is compared on a later call).
 * Returns the topics that were compared and any differences.
 */
export function compareWithMirror(dump: WorldDump, mirror: ServerMirror): { compared: Topic[]; diffs: TopicDiff[] } {
  const compared: Topic[] = [];
  const diffs: TopicDiff[] = [];
  for (const topic of TOPICS) {
    if (dump.awaiting.includes(topic)) continue;
    const server = mirror.digestsAt(topic, dump.seq[topic]);
    if (!server) continue;
    compared.push(topic);
    const wall = dump.entities[topic];
    const missing = [...server.keys()].filter((id) => !(id in wall));
    const extra = Object.keys(wall).filter((id) => !server.has(id));
    const outOfDate = [...server.entries()].filter(([id, d]) => id in wall && wall[id] !== d).map(([id]) => id);
    if (missing.length || extra.length || outOfDate.length) {
      const first = outOfDate[0];
      diffs.push({ topic, missing, extra, outOfDate, ...(first ? { example: { server: server.get(first)!, wall: wall[first]! } } : {}) });
    }
  }
  return { compared, diffs };
}
