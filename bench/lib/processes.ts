/** Child processes of the bench: the load server (bench/load-server.ts under tsx). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LoadServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export function startLoadServer(): Promise<LoadServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/load-server.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => {
    tail.push(l);
    if (tail.length > 30) tail.shift();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`load server not ready in 30 s:\n${tail.join('\n')}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`load server exited with ${code}:\n${tail.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('BENCH_LOAD_READY ')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line.slice('BENCH_LOAD_READY '.length)) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
