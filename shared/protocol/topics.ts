export const TOPICS = [
  'incidents',
  'units',
  'cameras',
  'drainage',
  'alarms',
  'city-events',
  'face-hits',
  'wall',
] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
}

/**
 * How often each topic is expected to carry a message when the backend is healthy
 * (deltas or a keep-alive). A topic silent for longer than this is "stale".
 */
export const TOPIC_EXPECTED_INTERVAL_MS: Record<Topic, number> = {
  incidents: 15_000,
  units: 5_000,
  cameras: 30_000,
  drainage: 30_000,
  alarms: 30_000,
  'city-events': 30_000,
  'face-hits': 30_000,
  wall: 30_000,
};

/**
 * The server sends a keep-alive delta (no upserts, no removes) on a topic quiet for this
 * long: well inside the shortest expected interval, so quiet never looks like dead.
 */
export const KEEPALIVE_INTERVAL_MS = 2_000;
