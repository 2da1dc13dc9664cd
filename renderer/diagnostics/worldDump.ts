/**
 * A read-only digest of everything the window holds, per topic and entity, so a test can
 * compare it entity by entity with the server's own state. Installed only when diagnostics
 * are on (diag=1). Pure digest helpers are shared with the tests' server mirror.
 */
import { COORD_SCALE, TOPICS, type Topic } from '../../shared/protocol';
import { world } from '../data/world';
import { sequencer } from '../stream/client';

/** JSON with sorted keys and no undefined members: the same entity gives the same text whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Unit fields carried by the binary position frames (updatedAt is the time of the last
 * position report, which a frame refreshes through its serverTs): the position is compared
 * through the hot table instead.
 */
const MOVING_UNIT_FIELDS = ['lon', 'lat', 'heading', 'speed', 'updatedAt'];

/**
 * An entity's digest: units without their moving fields, plus their position quantised the
 * way the binary frames carry it (1e-7 degree), so a snapshot's float and a frame's integer
 * for the same place agree.
 */
export function entityDigest(topic: Topic, entity: Record<string, unknown>, position?: readonly [number, number]): string {
  if (topic !== 'units') return canonicalJson(entity);
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) if (!MOVING_UNIT_FIELDS.includes(k)) rest[k] = v;
  const pos = position ? `${Math.round(position[0] * COORD_SCALE)},${Math.round(position[1] * COORD_SCALE)}` : '?';
  return `${canonicalJson(rest)}@${pos}`;
}

export interface WorldDump {
  /** Last applied seq per topic (-1 before the first snapshot). */
  seq: Record<Topic, number>;
  /** Topics waiting for a snapshot (after a gap or a disconnect): their tables are the last good picture. */
  awaiting: Topic[];
  entities: Record<Topic, Record<string, string>>;
}

function digestOf(topic: Topic, id: string, e: unknown): string {
  let pos: [number, number] | undefined;
  if (topic === 'units') {
    const row = world.units.rowOf(id);
    if (row !== undefined) pos = [world.units.positions[row * 2]!, world.units.positions[row * 2 + 1]!];
  }
  return entityDigest(topic, e as Record<string, unknown>, pos);
}

export function worldDump(): WorldDump {
  const entities = {} as Record<Topic, Record<string, string>>;
  for (const topic of TOPICS) {
    const out: Record<string, string> = {};
    for (const [id, e] of world.table(topic)) out[id] = digestOf(topic, id, e);
    entities[topic] = out;
  }
  return { seq: sequencer.seqs(), awaiting: TOPICS.filter((t) => sequencer.awaiting(t)), entities };
}

/**
 * One entity's digest, or null when the window does not hold it: cheap enough to poll every
 * few milliseconds, where a full dump of thousands of units would load the page it measures.
 */
export function worldEntity(topic: Topic, id: string): string | null {
  if (!TOPICS.includes(topic)) return null;
  const e = world.table(topic).get(id);
  return e === undefined ? null : digestOf(topic, id, e);
}
