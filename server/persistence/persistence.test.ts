import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alarm, Incident } from '../../shared/protocol';
import { MIGRATIONS, migrate, openDatabase } from './db';
import { Journal } from './journal';
import { BatchWriter } from './writer';

// PGlite compiles Postgres to WASM: a first start takes seconds, more on a busy machine.
const SLOW = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const alarm: Alarm = {
  id: 'al-run1-000001',
  source: 'drainage',
  sourceId: 'dr-0001',
  severity: 'critical',
  state: 'acknowledged',
  title: '排水超警：南片区 麒麟西路 水位 1.20 m',
  lon: 103.79,
  lat: 25.49,
  district: '530302',
  raisedAt: 1_000,
  ackBy: '值班员 张伟',
  ackAt: 61_000,
  ackNote: '已通知排水管理处',
  clearedAt: null,
};

describe('persistence', () => {
  it(
    'keeps alarms, their history, dispatches and command answers on disk across a reopen',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qujing-db-'));
      dirs.push(dir);
      const first = new Journal('run1', 'disk');
      const t0 = performance.now();
      // The database works in its own thread: the event loop keeps ticking while it creates the directory.
      let last = performance.now();
      let worstGapMs = 0;
      const ticker = setInterval(() => {
        const t = performance.now();
        worstGapMs = Math.max(worstGapMs, t - last);
        last = t;
      }, 20);
      expect(await first.open(dir, 100_000)).toEqual({ alarms: [], commands: [], walls: { scenes: [], commands: [] } });
      clearInterval(ticker);
      const firstOpenMs = performance.now() - t0;
      console.log(`event loop: longest gap ${Math.round(worstGapMs)} ms while the database was created`);
      expect(worstGapMs).toBeLessThan(500);
      first.alarmEvent({ alarmId: alarm.id, at: 1_000, kind: 'raised', actor: null, note: null, ref: 'critical' });
      first.alarmEvent({ alarmId: alarm.id, at: 61_000, kind: 'acknowledged', actor: '值班员 张伟', note: '已通知排水管理处', ref: null });
      first.alarmsChanged([alarm], 61_000);
      const inc = { id: 'inc-1', status: 'dispatched', unitIds: ['u-1'], reportedAt: 50_000, closedAt: null } as unknown as Incident;
      first.incidentChanged(inc, 70_000, 'console-1');
      first.commandApplied('cmd-1', 'alarm.ack', 'console-1', { alarmId: alarm.id }, { ok: true, id: 'cmd-1', result: { n: 1 } }, 61_000);
      expect(first.health().queued).toBeGreaterThan(0);
      await first.close();
      expect(first.health()).toMatchObject({ queued: 0, failedBatches: 0, droppedStatements: 0 });

      const second = new Journal('run2', 'disk');
      const t1 = performance.now();
      const restored = await second.open(dir, 120_000);
      const reopenMs = performance.now() - t1;
      console.log(`PGlite on disk: first open ${Math.round(firstOpenMs)} ms, reopen ${Math.round(reopenMs)} ms`);
      expect(restored.alarms).toEqual([alarm]);
      expect(restored.commands).toEqual([{ ok: true, id: 'cmd-1', result: { n: 1 } }]);
      expect(second.history('alarm', alarm.id).map((e) => [e.kind, e.actor, e.note])).toEqual([
        ['raised', null, null],
        ['acknowledged', '值班员 张伟', '已通知排水管理处'],
      ]);
      expect(second.health().restored).toEqual({ alarms: 1, commands: 1, entries: 2, wallCommands: 0 });
      await second.close();
    },
    SLOW,
  );

  it(
    'migrates an in-memory database once, and a failed write is counted and logged, never thrown',
    async () => {
      const { db, migrated } = await openDatabase(null);
      expect(migrated).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db, MIGRATIONS)).toEqual([]);
      const w = new BatchWriter(10_000);
      w.attach(db);
      w.push('insert into alarms (id, source, source_id, state, raised_at, updated_at, entity) values ($1,$2,$3,$4,$5,$6,$7)', [
        'a1', 'camera', 'c1', 'active', 1, 1, { id: 'a1' },
      ]);
      await w.flush();
      expect(w.health.written).toBe(1);
      w.push('insert into no_such_table values (1)', []);
      for (let i = 0; i < 3; i++) await w.flush();
      expect(w.health).toMatchObject({ failedBatches: 3, droppedStatements: 1, queued: 0 });
      expect(w.health.lastError).toMatch(/no_such_table/);
      // The writer still works after the failure.
      w.push('update alarms set state = $1 where id = $2', ['cleared', 'a1']);
      await w.close();
      expect((await db.query<{ state: string }>('select state from alarms')).rows).toEqual([{ state: 'cleared' }]);
      await db.close();
    },
    SLOW,
  );

  it('runs without a database when persistence is off', async () => {
    const j = new Journal('r', 'off');
    expect(await j.open(null, 0)).toEqual({ alarms: [], commands: [], walls: { scenes: [], commands: [] } });
    j.alarmEvent({ alarmId: 'a', at: 1, kind: 'raised', actor: null, note: null, ref: null });
    expect(j.history('alarm', 'a')).toHaveLength(1);
    expect(j.health()).toMatchObject({ mode: 'off', ready: false });
    await j.close();
  });
});
