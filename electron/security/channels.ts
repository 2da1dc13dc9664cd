/** IPC channel names, shared by main and the preload (dependency-free so the preload stays tiny). */
export const IPC = {
  getConfig: 'qujing:get-config',
  log: 'qujing:log',
} as const;
