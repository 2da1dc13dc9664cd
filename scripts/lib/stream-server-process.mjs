// Starts the built stream server (dist/server/main.mjs) as a child process and waits for
// its ready line. Used by browser mode and the end-to-end tests: the real server, in its
// own process, as the wall sees it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { distDir } from './dist-dir.mjs';

const READY = 'QUJING_SERVER_READY ';

/**
 * @param {{ port?: number, host?: string, token: string, seed?: number, speed?: number,
 *           extraArgs?: string[], env?: Record<string, string>, quiet?: boolean }} options
 */
export function startStreamServerProcess({ port = 0, host = '127.0.0.1', token, seed = 1, speed = 1, extraArgs = [], env = {}, quiet = true }) {
  const child = spawn(
    process.execPath,
    [`${distDir()}/server/main.mjs`, '--host', host, '--port', String(port), '--seed', String(seed), '--speed', String(speed), ...extraArgs],
    { env: { ...process.env, ...env, QUJING_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderrTail = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 50) stderrTail.shift();
    if (!quiet) console.error(`[server] ${line}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stream server did not become ready in 30 s:\n${stderrTail.join('\n')}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stream server exited with ${code} before it was ready:\n${stderrTail.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(READY)) {
        if (!quiet) console.log(`[server] ${line}`);
        return;
      }
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port: actual } = JSON.parse(line.slice(READY.length));
      resolve({
        port: actual,
        url: `http://${host}:${actual}`,
        pid: child.pid,
        process: child,
        stop: (signal = 'SIGTERM') =>
          new Promise((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once('exit', () => r());
            child.kill(signal);
          }),
      });
    });
  });
}
