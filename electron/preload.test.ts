import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(() => Promise.resolve({ role: 'wall' }));
const send = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, send },
}));

describe('preload bridge', () => {
  beforeEach(async () => {
    await import('./preload');
  });

  it('exposes exactly getConfig, log and platform under window.qujing', () => {
    expect(Object.keys(exposed)).toEqual(['qujing']);
    const api = exposed.qujing as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['getConfig', 'log', 'platform']);
    expect(api.platform).toBe('electron');
  });

  it('forwards to the two IPC channels only', async () => {
    const api = exposed.qujing as { getConfig(): Promise<unknown>; log(level: string, message: string): void };
    await expect(api.getConfig()).resolves.toEqual({ role: 'wall' });
    expect(invoke).toHaveBeenCalledWith('qujing:get-config');
    api.log('warn', 'stale');
    expect(send).toHaveBeenCalledWith('qujing:log', { level: 'warn', message: 'stale' });
    // Nothing from ipcRenderer itself (an event object, a sender) leaks back into the page.
    expect(api.log('info', 'x')).toBeUndefined();
  });
});
