/** Boundary validation helpers: every rejection comes back with a readable reason. */
import type { z } from 'zod';
import { TOPIC_ENTITY, type TopicEntityMap } from './entities';
import type { Topic } from './topics';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown, what: string): Parsed<z.infer<S>> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reason: `${what}: ${describeZodError(r.error)}` };
}

/** Validates the entities of one topic one by one: bad ones are reported, good ones kept. */
export function parseEntities<T extends Topic>(
  topic: T,
  items: readonly unknown[],
): { valid: TopicEntityMap[T][]; rejected: string[] } {
  const schema = TOPIC_ENTITY[topic] as unknown as z.ZodType<TopicEntityMap[T]>;
  const valid: TopicEntityMap[T][] = [];
  const rejected: string[] = [];
  for (const item of items) {
    const r = schema.safeParse(item);
    if (r.success) valid.push(r.data);
    else {
      const id = typeof item === 'object' && item && 'id' in item ? String((item as { id: unknown }).id).slice(0, 64) : '?';
      rejected.push(`${topic} entity ${id}: ${describeZodError(r.error)}`);
    }
  }
  return { valid, rejected };
}
