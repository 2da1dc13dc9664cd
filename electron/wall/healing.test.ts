import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DisplayInfo } from './displays';
import { diffWindows, HotplugDebouncer } from './hotplug';
import { readWallState, startupScene, writeWallState } from './persisted';
import { planWall } from './plan';
import { GpuCrashCounter, WindowRecovery } from './recovery';
import type { WallProfile } from '../../shared/wall';

const profile: WallProfile = {
  version: 1,
  walls: [{ id: 'w', grid: { rows: 1, columns: 3 }, monitors: [
    { id: 'L', row: 0, column: 0, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
    { id: 'C', row: 0, column: 1, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } },
    { id: 'R', row: 0, column: 2, bounds: { x: 3840, y: 0, width: 1920, height: 1080 } },
  ] }],
  defaultScene: 'day',
  scenes: {
    day: { walls: { w: { monitors: { L: { view: 'map' }, C: { view: 'cameras' }, R: { view: 'drainage' } } } } },
    flood: { walls: { w: { monitors: { L: { view: 'drainage' }, C: { view: 'cameras' }, R: { view: 'map' } } } } },
  },
};
const d = (id: number, x: number, w = 1920): DisplayInfo => ({ id, label: '', bounds: { x, y: 0, width: w, height: 1080 }, workArea: { x, y: 0, width: w, height: 1040 }, scaleFactor: 1, size: { width: w, height: 1080 } });
const plan = (displays: DisplayInfo[], scene = 'day') => planWall({ displays, profile, wallId: 'w', scene }).windows;

describe('hot-plug debouncing', () => {
  it('re-plans once per burst, 400 ms after the last event', () => {
    const h = new HotplugDebouncer();
    expect(h.take(0)).toBeNull();
    h.event('display-removed', 1000, 'id 3');
    h.event('display-added', 1100, 'id 4');
    expect(h.dueAt()).toBe(1500);
    expect(h.take(1499)).toBeNull();
    expect(h.take(1500)).toEqual(['display-removed id 3', 'display-added id 4']);
    expect(h.take(1600)).toBeNull();
  });

  it('never waits longer than 1.5 s after the first event, even under a stream of metric changes', () => {
    const h = new HotplugDebouncer();
    for (let t = 0; t <= 3000; t += 100) {
      h.event('display-metrics-changed', t);
      const r = h.take(t);
      if (r) {
        expect(t).toBeLessThanOrEqual(1500);
        return;
      }
    }
    throw new Error('never re-planned');
  });
});

describe('hot-plug diff', () => {
  it('unplug closes only that window; replug re-creates it on the same monitor', () => {
    const all = plan([d(1, 0), d(2, 1920), d(3, 3840)]);
    const two = plan([d(1, 0), d(2, 1920)]);
    expect(diffWindows(all, two)).toEqual([{ op: 'close', key: 'w/R', reason: expect.stringContaining('monitor R') }]);
    const back = plan([d(1, 0), d(2, 1920), d(9, 3840)]);
    const changes = diffWindows(two, back);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ op: 'create', window: { key: 'w/R', displayId: 9, bounds: { x: 3840 }, query: { view: 'drainage' } } });
  });

  it('a resolution change moves the window; a scene change reloads views in place', () => {
    const before = plan([d(1, 0), d(2, 1920), d(3, 3840)]);
    const resized = plan([d(1, 0), d(2, 1920, 2560), d(3, 4480)]);
    const ch = diffWindows(before, resized);
    expect(ch.map((c) => `${c.op}:${'window' in c ? c.window.key : c.key}`)).toEqual(['move:w/C', 'move:w/R']);
    const flood = plan([d(1, 0), d(2, 1920), d(3, 3840)], 'flood');
    expect(diffWindows(before, flood).map((c) => `${c.op}:${'window' in c ? c.window.monitorId : ''}`)).toEqual(['load:L', 'load:R']);
  });

  it('nothing changes when the same displays come back with new ids in another order', () => {
    const a = plan([d(1, 0), d(2, 1920), d(3, 3840)]);
    const b = plan([d(30, 3840), d(10, 0), d(20, 1920)]);
    expect(diffWindows(a, b).filter((c) => c.op !== 'move')).toEqual([]);
    // Only the display id changed: the window is 'moved' to the same bounds (a no-op for the user).
    for (const c of diffWindows(a, b)) if (c.op === 'move') expect(c.from).toEqual(c.window.bounds);
  });
});

describe('window recovery', () => {
  it('reloads a crashed renderer with backoff, and a lost WebGL context at once', () => {
    const r = new WindowRecovery();
    expect(r.problem('webgl-lost', 0)).toMatchObject({ action: 'reload', delayMs: 0 });
    expect(r.problem('crashed', 1000, 'exit 139')).toMatchObject({ action: 'reload', delayMs: 1000, reason: expect.stringContaining('crashed (exit 139)') });
    expect(r.problem('unresponsive', 5000)).toMatchObject({ action: 'reload', delayMs: 2000 });
  });

  it('ignores a clean exit', () => {
    expect(new WindowRecovery().problem('clean-exit', 0).action).toBe('ignore');
  });

  it('detects a crash loop (6 restarts in 5 min) and stops with the reason', () => {
    const r = new WindowRecovery();
    let last;
    for (let i = 0; i < 6; i++) last = r.problem('crashed', i * 30_000);
    expect(last).toMatchObject({ action: 'stop', retryInMs: 600_000, reason: expect.stringMatching(/crash loop: 6 restarts within 5 min/) });
  });

  it('forgets old crashes: one crash an hour is not a loop, and a healthy run resets the backoff', () => {
    const r = new WindowRecovery();
    for (let i = 0; i < 20; i++) {
      const a = r.problem('crashed', i * 3_600_000);
      expect(a.action).toBe('reload');
      r.loaded(i * 3_600_000 + 1000);
    }
    expect(r.problem('crashed', 20 * 3_600_000)).toMatchObject({ delayMs: 500 });
  });

  it('switches to software rendering after 3 GPU crashes within 10 minutes, not after spread-out ones', () => {
    const g = new GpuCrashCounter();
    expect(g.crashed(0).fallback).toBe('none');
    expect(g.crashed(60_000).fallback).toBe('none');
    expect(g.crashed(120_000)).toEqual({ fallback: 'software', recent: 3 });
    const h = new GpuCrashCounter();
    for (let i = 0; i < 10; i++) expect(h.crashed(i * 400_000).fallback).toBe('none');
  });
});

describe('persisted wall state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wall-state-'));

  it('round-trips the last scene and tolerates missing or damaged files', () => {
    const p = join(dir, 'wall-state.json');
    expect(readWallState(p)).toEqual({ state: {} });
    writeWallState(p, { scene: '防汛应急', sceneSetAt: 5 });
    expect(readWallState(p).state).toEqual({ scene: '防汛应急', sceneSetAt: 5 });
    writeFileSync(p, '{"scene": ');
    expect(readWallState(p)).toMatchObject({ state: {}, problem: expect.stringContaining('damaged') });
  });

  it('restores the last scene unless a later schedule entry or a profile change says otherwise', () => {
    const scenes = ['日常', '防汛应急'];
    expect(startupScene({ remembered: '防汛应急', rememberedAt: 100, scheduled: { scene: '日常', since: 50 }, scenes, defaultScene: '日常' }).scene).toBe('防汛应急');
    expect(startupScene({ remembered: '防汛应急', rememberedAt: 100, scheduled: { scene: '日常', since: 150 }, scenes, defaultScene: '日常' }).scene).toBe('日常');
    expect(startupScene({ remembered: 'gone', scenes, defaultScene: '日常' })).toMatchObject({ scene: '日常', why: expect.stringContaining('no longer') });
  });
});
