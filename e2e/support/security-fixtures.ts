// Protocol constants and valid alarms for the security spec's own small backend.
import { Alarm } from '../../shared/protocol';

export { EV, PROTOCOL_NAMESPACE, PROTOCOL_VERSION, TOPICS } from '../../shared/protocol';

export function alarmsForTests(): Alarm[] {
  const now = Date.now();
  return [0, 1, 2].map((i) =>
    Alarm.parse({
      id: `al-sec-${i}`,
      source: 'drainage',
      sourceId: `d-${i}`,
      severity: 'major',
      state: 'active',
      title: `排水告警 ${i}`,
      lon: 103.79 + i * 0.01,
      lat: 25.49,
      district: '530302',
      raisedAt: now - i * 60_000,
      ackBy: null,
      ackAt: null,
      ackNote: null,
      clearedAt: null,
    }),
  );
}
