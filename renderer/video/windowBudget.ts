/** The window's one OpenScheduler and HostLoad, driven by a timer only while requests wait. */
import { HostLoad, OpenScheduler } from './budget';
import { setBudgetReport } from './registry';

const scheduler = new OpenScheduler();
export const hostLoad = new HostLoad();
const waiting = new Map<string, () => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

setBudgetReport(() => ({ active: scheduler.activeCount, waiting: scheduler.waitingCount }));

function pump(): void {
  timer = null;
  for (const id of scheduler.grant(performance.now())) {
    const cb = waiting.get(id);
    waiting.delete(id);
    cb?.();
  }
  const next = scheduler.nextGrantIn(performance.now());
  if (next !== null) timer = setTimeout(pump, next);
}

/** Calls `onGrant` when this tile may open a player. */
export function requestSlot(id: string, priority: number, onGrant: () => void): void {
  waiting.set(id, onGrant);
  scheduler.request(id, priority);
  if (timer === null) pump();
}

export function releaseSlot(id: string): void {
  waiting.delete(id);
  scheduler.release(id);
  hostLoad.close(id);
  if (timer === null) pump();
}
