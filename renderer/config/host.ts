/** The Electron preload bridge, when present. In a plain browser `window.qujing` is undefined. */
import type { Settings } from './settings';

export interface QujingBridge {
  getConfig(): Promise<Partial<Settings>>;
  log?(level: 'info' | 'warn' | 'error', message: string): void;
  platform?: string;
}

declare global {
  interface Window {
    qujing?: QujingBridge;
  }
}

/** Host settings, or null in a browser. A failing bridge is reported, not fatal: URL params may still suffice. */
export async function hostSettings(): Promise<{ values: Record<string, unknown> | null; error: string | null }> {
  const bridge = window.qujing;
  if (!bridge || typeof bridge.getConfig !== 'function') return { values: null, error: null };
  try {
    const v = await bridge.getConfig();
    return { values: v && typeof v === 'object' ? (v as Record<string, unknown>) : null, error: null };
  } catch (e) {
    return { values: null, error: e instanceof Error ? e.message : String(e) };
  }
}
