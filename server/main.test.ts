import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [tsxCli, 'server/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ host: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 15_000);
    child.stdout.on('data', () => {
      const m = /^QUJING_SERVER_READY (.+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]!) as { host: string; port: number });
      }
    });
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, ready, exited, out: () => stdout, err: () => stderr };
}

describe('CLI', () => {
  it('prints a connect hint with a generated token, the ready line, and stops cleanly on SIGTERM', async () => {
    const p = run(['--port', '0', '--seed', '3']);
    const ready = await p.ready;
    expect(ready.host).toBe('127.0.0.1');
    expect(ready.port).toBeGreaterThan(0);
    const lines = p.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    const token = /"token":"([A-Za-z0-9_-]{24})"/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines[1]).toBe(`QUJING_SERVER_READY {"host":"127.0.0.1","port":${ready.port}}`);
    const health = (await (await fetch(`http://127.0.0.1:${ready.port}/`)).json()) as { seed: number };
    expect(health.seed).toBe(3);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.err()).not.toContain(token!);
    expect(p.err()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO /m);
  });

  it('takes the token from the environment without printing it', async () => {
    const p = run(['--port', '0'], { QUJING_TOKEN: 'env-secret-token' });
    await p.ready;
    expect(p.out()).not.toContain('env-secret-token');
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.err()).not.toContain('env-secret-token');
  });

  it('refuses bad options', async () => {
    const p = run(['--port', 'abc']);
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain('--port');
    await p.ready.catch(() => undefined);
  });
});
