import { describe, expect, it } from 'vitest';
import { decodeIncidentHistory, encodeIncidentHistory, type Incident } from '../../shared/protocol';
import { world } from '../data/world';

const BASE = Date.UTC(2026, 10, 1);

describe("the map's incident columns when the map's code loads after the snapshot", () => {
  it('start from the history the world already holds, and take later incidents once', async () => {
    const buf = encodeIncidentHistory(
      BASE,
      Array.from({ length: 500 }, (_, i) => ({ time: BASE + i * 60_000, lon: 103.8 + (i % 10) * 0.01, lat: 25.5, category: 'theft' as const, priority: 3 as const, district: '530302' as const })),
    );
    const h = decodeIncidentHistory(buf);
    if (!h.ok) throw new Error(h.reason);
    const open = { id: 'inc-1', reportedAt: BASE + 499 * 60_000, lon: 103.8, lat: 25.5, category: 'theft', priority: 3 } as Incident;
    // The stream's snapshot arrives while the map view's code is still loading.
    world.replace('incidents', [open]);
    world.resetHistory(h.value, [open]);
    expect(world.history.count).toBe(500);

    const { mapIncidents } = await import('./tap');
    expect(mapIncidents.count).toBe(500);
    expect(mapIncidents.version).toBeGreaterThan(0);
    // An update of an incident the history already holds is not a new record; a new incident is.
    world.patch('incidents', [{ ...open, priority: 1 }], []);
    expect(mapIncidents.count).toBe(500);
    world.patch('incidents', [{ ...open, id: 'inc-2', reportedAt: BASE + 500 * 60_000 }], []);
    expect(mapIncidents.count).toBe(501);
  });
});
