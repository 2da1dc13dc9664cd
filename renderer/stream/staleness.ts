/** Which topics are stale: silent for longer than the protocol's expected interval. Pure. */
import { TOPICS, TOPIC_EXPECTED_INTERVAL_MS, type Topic } from '../../shared/protocol';

export interface StaleTopic {
  topic: Topic;
  /** Whole seconds since the last message. */
  ageS: number;
}

/**
 * `since` is the connection start, used for topics that never sent anything: a topic is
 * only stale once it has had its full interval to speak.
 */
export function staleTopics(lastMessageAt: Partial<Record<Topic, number | null>>, now: number, since: number | null): StaleTopic[] {
  const out: StaleTopic[] = [];
  for (const topic of TOPICS) {
    const last = lastMessageAt[topic] ?? since;
    if (last === null || last === undefined) continue;
    const age = now - last;
    if (age > TOPIC_EXPECTED_INTERVAL_MS[topic]) out.push({ topic, ageS: Math.floor(age / 1000) });
  }
  return out;
}
