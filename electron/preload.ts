/**
 * The whole bridge between the wall page and main: two calls and a constant. Sandboxed, so
 * only 'electron' can be required here; no Node object is handed to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC } from './security/channels';

type Level = 'info' | 'warn' | 'error';

contextBridge.exposeInMainWorld('qujing', {
  getConfig: () => ipcRenderer.invoke(IPC.getConfig),
  log: (level: Level, message: string) => ipcRenderer.send(IPC.log, { level, message }),
  platform: 'electron',
});
