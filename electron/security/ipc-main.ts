import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { AppConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import { buildRendererSettings, createRateLimiter, IPC, isTrustedSender, parseLogPayload, type Backend } from './ipc';

function senderUrl(event: IpcMainEvent | IpcMainInvokeEvent): string | undefined {
  // senderFrame is null when the frame navigated away or was destroyed meanwhile.
  return event.senderFrame?.url;
}

export function registerIpc(o: { log: Logger; config: AppConfig; backend: () => Backend | undefined }): void {
  const rendererLog = o.log.child('renderer');
  const limiter = createRateLimiter(50, 10_000);

  ipcMain.handle(IPC.getConfig, (event) => {
    const url = senderUrl(event);
    if (!isTrustedSender(url)) {
      o.log.warn(`refused ${IPC.getConfig} from untrusted frame ${String(url)}`);
      throw new Error('not allowed');
    }
    const backend = o.backend();
    if (!backend) throw new Error('backend not ready');
    return buildRendererSettings(o.config, backend);
  });

  ipcMain.on(IPC.log, (event, payload: unknown) => {
    const url = senderUrl(event);
    if (!isTrustedSender(url)) {
      o.log.warn(`refused ${IPC.log} from untrusted frame ${String(url)}`);
      return;
    }
    const parsed = parseLogPayload(payload);
    if (!parsed.ok) {
      o.log.warn(`refused ${IPC.log} payload: ${parsed.reason}`);
      return;
    }
    const { accept, droppedBefore } = limiter.take(Date.now());
    if (droppedBefore > 0) rendererLog.warn(`${droppedBefore} renderer log lines dropped (rate limit)`);
    if (accept) rendererLog[parsed.value.level](parsed.value.message);
  });
}
