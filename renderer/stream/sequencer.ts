/**
 * Per-topic ordering of the stream. Pure: no socket, no DOM, no timers.
 *
 * - a snapshot resets the topic to its seq;
 * - seq === last + 1 applies;
 * - seq <= last is a duplicate: dropped and counted;
 * - seq > last + 1 is a gap: the caller must ask for a resync, and every message of the
 *   topic is dropped until the next snapshot;
 * - a disconnect puts every topic back to awaiting a snapshot.
 */
import { TOPICS, type Topic } from '../../shared/protocol';

export type SeqVerdict =
  | { action: 'apply' }
  | { action: 'drop'; reason: 'duplicate' | 'awaiting-snapshot' }
  | { action: 'resync'; reason: string };

interface TopicSeq {
  last: number | null;
  awaitingSnapshot: boolean;
}

export interface SequencerStats {
  duplicates: number;
  gaps: number;
  droppedAwaiting: number;
}

export class Sequencer {
  private readonly topics = new Map<Topic, TopicSeq>();
  readonly stats: SequencerStats = { duplicates: 0, gaps: 0, droppedAwaiting: 0 };

  constructor() {
    for (const t of TOPICS) this.topics.set(t, { last: null, awaitingSnapshot: true });
  }

  private state(topic: Topic): TopicSeq {
    return this.topics.get(topic)!;
  }

  snapshot(topic: Topic, seq: number): void {
    const s = this.state(topic);
    s.last = seq;
    s.awaitingSnapshot = false;
  }

  /** For deltas and binary position frames (units share one seq). */
  message(topic: Topic, seq: number): SeqVerdict {
    const s = this.state(topic);
    if (s.awaitingSnapshot || s.last === null) {
      this.stats.droppedAwaiting++;
      return { action: 'drop', reason: 'awaiting-snapshot' };
    }
    if (seq === s.last + 1) {
      s.last = seq;
      return { action: 'apply' };
    }
    if (seq <= s.last) {
      this.stats.duplicates++;
      return { action: 'drop', reason: 'duplicate' };
    }
    this.stats.gaps++;
    const reason = `gap: expected seq ${s.last + 1}, got ${seq}`;
    s.awaitingSnapshot = true;
    return { action: 'resync', reason };
  }

  disconnected(): void {
    for (const s of this.topics.values()) s.awaitingSnapshot = true;
  }

  awaiting(topic: Topic): boolean {
    return this.state(topic).awaitingSnapshot;
  }

  /** Last applied seq per topic (-1 before the first snapshot). */
  seqs(): Record<Topic, number> {
    const out = {} as Record<Topic, number>;
    for (const [t, s] of this.topics) out[t] = s.last ?? -1;
    return out;
  }
}
