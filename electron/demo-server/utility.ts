import { utilityProcess } from 'electron';
import { SERVER_SERVICE_NAME, serverEnv } from './launch';
import type { ServerChild } from './supervisor';

/** Forks dist/server/main.mjs in an Electron utility process (off the main thread, own V8). */
export function utilityForker(modulePath: string, token: string): (args: string[]) => ServerChild {
  return (args) =>
    utilityProcess.fork(modulePath, args, {
      env: serverEnv(process.env, token),
      serviceName: SERVER_SERVICE_NAME,
      stdio: 'pipe',
    });
}
