import { app, session, type WebContents } from 'electron';
import type { Logger } from '../logging/logger';
import { isAppUrl } from './origin';
import { isPermissionAllowed } from './permissions';

/** Locks down every webContents the app will ever create, including ones nobody planned for. */
export function hardenWebContents(log: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn(`refused window.open of ${url}`);
      return { action: 'deny' };
    });
    const guard = (kind: string) => (event: { preventDefault(): void }, url: string) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log.warn(`refused ${kind} to ${url}`);
    };
    contents.on('will-navigate', guard('navigation'));
    contents.on('will-redirect', guard('redirect'));
    contents.on('will-frame-navigate', (event) => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      log.warn(`refused frame navigation to ${event.url}`);
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('refused <webview>');
    });
  });
}

/** Denies every permission except the local-network grants the backend connection needs. */
export function lockPermissions(log: Logger, backendUrl: () => string | undefined): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const requestingUrl = details.requestingUrl || contents.getURL();
    const allowed = isPermissionAllowed({ permission, requestingUrl, backendUrl: backendUrl() });
    if (!allowed) log.warn(`denied permission request "${permission}" from ${requestingUrl}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed({ permission, requestingUrl: requestingOrigin, backendUrl: backendUrl() }),
  );
}
