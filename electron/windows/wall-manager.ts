/**
 * Electron glue of a planned wall: reads the displays, plans (electron/wall/plan.ts), opens,
 * moves and closes one WallWindow per monitor, re-plans on hot-plug within two seconds, applies
 * scenes (from a window's #scene= fragment after a wall.scene command, or the schedule), and
 * remembers the scene in userData. All decisions are in the pure modules; this only wires them.
 */
import { screen, type Display } from 'electron';
import type { WallProfile } from '../../shared/wall';
import { nextScheduleChange } from '../../shared/wall';
import type { Logger } from '../logging/logger';
import type { DisplayInfo } from '../wall/displays';
import { diffWindows, HotplugDebouncer, type DisplayEventKind } from '../wall/hotplug';
import { sceneFromUrl, windowUrl } from '../wall/kiosk';
import { writeWallState, type PersistedWallState } from '../wall/persisted';
import { planWall, type PlannedWindow, type WallPlan } from '../wall/plan';
import { WallWindow, type WallWindowOptions } from './wall-window';

export function toDisplayInfo(d: Display): DisplayInfo {
  return { id: d.id, label: d.label ?? '', bounds: d.bounds, workArea: d.workArea, scaleFactor: d.scaleFactor, size: d.size, internal: d.internal };
}

export interface WallManagerOptions {
  profile: WallProfile;
  wallId: string;
  scene: string;
  log: Logger;
  baseUrl: () => string;
  window: Omit<WallWindowOptions, 'placement' | 'log'>;
  statePath: string;
  state: PersistedWallState;
}

export class WallManager {
  private windows = new Map<string, { win: WallWindow; planned: PlannedWindow }>();
  private readonly hotplug = new HotplugDebouncer();
  private hotplugTimer: ReturnType<typeof setTimeout> | undefined;
  private scheduleTimer: ReturnType<typeof setTimeout> | undefined;
  private scene: string;
  private lastPlan: WallPlan | undefined;
  private readonly log: Logger;

  constructor(private readonly o: WallManagerOptions) {
    this.scene = o.scene;
    this.log = o.log.child('wall');
  }

  start(): void {
    for (const kind of ['display-added', 'display-removed', 'display-metrics-changed'] as const) {
      screen.on(kind as 'display-added', (_e: unknown, d: Display, changed?: string[]) => this.displayEvent(kind, d, changed));
    }
    this.replan('start');
    this.armSchedule();
  }

  private displayEvent(kind: DisplayEventKind, d: Display, changed?: string[]): void {
    const detail = `id ${d.id} "${d.label ?? ''}" ${d.bounds.width}×${d.bounds.height}@${d.bounds.x},${d.bounds.y}${changed ? ` (${changed.join(',')})` : ''}`;
    this.log.info(`${kind}: ${detail}`);
    const due = this.hotplug.event(kind, Date.now(), detail);
    if (this.hotplugTimer) clearTimeout(this.hotplugTimer);
    this.hotplugTimer = setTimeout(() => {
      this.hotplugTimer = undefined;
      const reasons = this.hotplug.take(Date.now());
      if (reasons) this.replan(`hot-plug: ${reasons.join('; ')}`);
    }, Math.max(0, due - Date.now()));
  }

  /** Applies a scene for this wall (from a wall.scene command or the schedule) and remembers it. */
  setScene(scene: string, by: string): void {
    if (scene === this.scene) return;
    if (!this.o.profile.scenes[scene]) {
      this.log.warn(`scene ${scene} (${by}) is not in the profile; keeping ${this.scene}`);
      return;
    }
    this.log.info(`scene ${this.scene} → ${scene} (${by})`);
    this.scene = scene;
    try {
      writeWallState(this.o.statePath, { ...this.o.state, scene, sceneSetAt: Date.now(), sceneSetBy: by });
    } catch (e) {
      this.log.error(`cannot remember the scene in ${this.o.statePath}: ${(e as Error).message}`);
    }
    this.replan(`scene ${scene}`);
  }

  private armSchedule(): void {
    const schedule = this.o.profile.schedule ?? [];
    const next = nextScheduleChange(schedule, Date.now());
    if (!next) return;
    // setTimeout cannot wait longer than ~24.8 days; re-arm at most daily.
    const wait = Math.min(next.since - Date.now(), 86_400_000);
    this.scheduleTimer = setTimeout(() => {
      if (Date.now() >= next.since) this.setScene(next.scene, `schedule ${new Date(next.since).toISOString()}`);
      this.armSchedule();
    }, Math.max(1000, wait));
  }

  replan(reason: string): void {
    const displays = screen.getAllDisplays().map(toDisplayInfo);
    const plan = planWall({ displays, profile: this.o.profile, wallId: this.o.wallId, scene: this.scene });
    this.lastPlan = plan;
    this.log.info(`plan (${reason}): ${plan.windows.length} windows on ${displays.length} displays, scene ${plan.scene}`);
    for (const n of plan.notes) this.log.warn(n);
    for (const p of plan.parked) this.log.warn(`parked ${p.monitorId} (${p.view.view}): ${p.reason}`);
    const changes = diffWindows([...this.windows.values()].map((w) => w.planned), plan.windows);
    for (const c of changes) {
      if (c.op === 'close') {
        this.log.info(`close ${c.key}: ${c.reason}`);
        this.windows.get(c.key)?.win.destroy();
        this.windows.delete(c.key);
      } else if (c.op === 'create') {
        this.log.info(`open ${c.window.key} on display ${c.window.displayId} (${c.window.query.view})`);
        this.open(c.window);
      } else if (c.op === 'move') {
        const w = this.windows.get(c.window.key);
        if (!w) continue;
        this.log.info(`move ${c.window.key} to display ${c.window.displayId}`);
        w.planned = c.window;
        w.win.place(c.window.bounds);
      } else {
        const w = this.windows.get(c.window.key);
        if (!w) continue;
        this.log.info(`load ${c.window.key}: ${c.window.query.view}`);
        w.planned = c.window;
        w.win.load(windowUrl(this.o.baseUrl(), c.window.query));
      }
    }
  }

  private open(p: PlannedWindow): void {
    const win = new WallWindow({ ...this.o.window, log: this.log, placement: { bounds: p.bounds, name: p.key } });
    this.windows.set(p.key, { win, planned: p });
    const wc = win.window.webContents;
    wc.on('did-navigate-in-page', (_e, url) => {
      const scene = sceneFromUrl(url);
      if (scene) this.setScene(scene, `wall.scene via ${p.key}`);
    });
    win.window.on('closed', () => {
      if (this.windows.get(p.key)?.win === win) this.windows.delete(p.key);
    });
    win.load(windowUrl(this.o.baseUrl(), p.query));
  }

  /** Reloads every window (the backend moved, e.g. the demo server restarted on another port). */
  reloadAll(): void {
    for (const { win, planned } of this.windows.values()) win.load(windowUrl(this.o.baseUrl(), planned.query), { reload: true });
  }

  get plan(): WallPlan | undefined {
    return this.lastPlan;
  }

  get count(): number {
    return this.windows.size;
  }

  focus(): void {
    for (const { win } of this.windows.values()) win.focus();
  }

  stop(): void {
    if (this.hotplugTimer) clearTimeout(this.hotplugTimer);
    if (this.scheduleTimer) clearTimeout(this.scheduleTimer);
  }
}
