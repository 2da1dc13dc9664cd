import { describe, expect, it } from 'vitest';
import { HEALTH_FORGET_MS, HEALTH_SILENT_MS, MAX_PEERS, PeerTable, makeSummary, parseSummary, peerHasProblem, windowLabel } from './pcHealth';

const summary = (id: string, over: Partial<Parameters<typeof makeSummary>[0]> = {}) =>
  makeSummary({ id, label: id, view: 'dashboard', at: 0, connection: 'connected', connectionSince: 0, lastDataAt: 0, items: [], ...over });

describe('PC health across windows', () => {
  it('keeps the latest report of every other window, not its own', () => {
    const t = new PeerTable('me');
    expect(t.receive(summary('me'), 0)).toBe(true);
    t.receive(summary('map'), 1_000);
    t.receive(summary('map', { items: [{ what: 'map.units', state: 'stale', since: 500 }] }), 3_000);
    t.receive(summary('dash'), 3_000);
    const l = t.list(3_500);
    expect(l.map((w) => w.id)).toEqual(['dash', 'map']);
    expect(l[1]).toMatchObject({ reportedAt: 3_000, silent: false, items: [{ what: 'map.units', state: 'stale', since: 500 }] });
    expect(peerHasProblem(l[1]!)).toBe(true);
    expect(peerHasProblem(l[0]!)).toBe(false);
  });
  it('a window that stops reporting is silent after three intervals, and forgotten much later', () => {
    const t = new PeerTable('me');
    t.receive(summary('cams'), 10_000);
    expect(t.list(10_000 + HEALTH_SILENT_MS)[0]!.silent).toBe(false);
    const gone = t.list(10_000 + HEALTH_SILENT_MS + 1)[0]!;
    expect(gone).toMatchObject({ silent: true, reportedAt: 10_000 });
    expect(peerHasProblem(gone)).toBe(true);
    // Back again: not silent any more.
    t.receive(summary('cams'), 30_000);
    expect(t.list(30_001)[0]!.silent).toBe(false);
    expect(t.list(30_000 + HEALTH_FORGET_MS + 1)).toEqual([]);
  });
  it('ignores and counts what is not a health report', () => {
    const t = new PeerTable('me');
    const bad: unknown[] = [
      null,
      'health',
      42,
      { kind: 'health', v: 2, id: 'x' },
      { ...summary('x'), connection: 'sideways' },
      { ...summary('x'), id: '' },
      { ...summary('x'), items: [{ what: 'a', state: 'exploded', since: 1 }] },
      { ...summary('x'), label: 'x'.repeat(500) },
      { ...summary('x'), at: Number.NaN },
      { ...summary('x'), items: Array.from({ length: 51 }, () => ({ what: 'a', state: 'stale', since: 1 })) },
    ];
    for (const b of bad) expect(t.receive(b, 0)).toBe(false);
    expect(t.rejected).toBe(bad.length);
    expect(t.lastRejection).not.toBe('');
    expect(t.list(0)).toEqual([]);
  });
  it('what a window sends is bounded, and parses back unchanged', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ what: `camera:c-${i}`, state: 'failing' as const, since: null, detail: 'e'.repeat(300) }));
    const s = summary('wall-1', { items: many });
    expect(s.items).toHaveLength(50);
    expect(s.items[0]!.detail).toHaveLength(200);
    expect(parseSummary(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
  it('a flood of window ids cannot grow the table without bound', () => {
    const t = new PeerTable('me');
    for (let i = 0; i < MAX_PEERS + 20; i++) t.receive(summary(`w${i}`), 0);
    expect(t.list(0)).toHaveLength(MAX_PEERS);
    expect(t.rejected).toBe(20);
  });
});

describe('window labels', () => {
  it('name a window by ?window=, else by the monitor the wall manager placed it on, else by its view', () => {
    expect(windowLabel(new URLSearchParams('view=map&window=left'), 'map')).toBe('left');
    // Two monitors showing the same view stay apart.
    expect(windowLabel(new URLSearchParams('view=map&wall=hall&monitor=A1'), 'map')).toBe('hall/A1');
    expect(windowLabel(new URLSearchParams('view=map&wall=hall&monitor=A2'), 'map')).toBe('hall/A2');
    expect(windowLabel(new URLSearchParams('view=map&monitor=A2'), 'map')).toBe('A2');
    expect(windowLabel(new URLSearchParams('view=dashboard'), 'dashboard')).toBe('dashboard');
  });
});
