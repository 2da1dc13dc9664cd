import { protocol } from 'electron';
import { APP_SCHEME } from '../security/origin';
import { createAppHandler, type AppHandlerOptions } from './handler';

/** Must run before app 'ready': privileges are fixed when Chromium starts. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: secure context (WebGL, workers,
      // crypto.subtle); supportFetchAPI: fetch() of app assets; stream: <video> range loading.
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

export function handleAppProtocol(options: AppHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppHandler(options));
}
