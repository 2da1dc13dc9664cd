/**
 * Keeps the demo stream server running in a child process: waits for its ready signal,
 * forwards its output to the log, restarts it with backoff on the same port (so renderers
 * reconnect by themselves) and reports crash loops. Independent of Electron: the child is
 * created by an injected `fork`, which is utilityProcess.fork in the app.
 */
import type { Logger } from '../logging/logger';
import { classifyServerLine, LineSplitter, parseReadyLine, parseReadyMessage, READY_TIMEOUT_MS, serverArgs } from './launch';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restart-policy';

export interface ChildStream {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
}

/** The part of Electron's UtilityProcess the supervisor uses. */
export interface ServerChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  stdout: ChildStream | null;
  stderr: ChildStream | null;
  kill(): boolean;
}

export interface SupervisorEvents {
  /** The server listens on 127.0.0.1:port. `first` on the first ready of this supervisor. */
  onReady(port: number, info: { first: boolean; portChanged: boolean }): void;
  /** Something a person should see (start timeout, crash loop). */
  onProblem(message: string): void;
}

export interface SupervisorOptions extends SupervisorEvents {
  fork(args: string[]): ServerChild;
  log: Logger;
  seed?: number;
  speed?: number;
  dataDir?: string;
  mediaDir?: string;
  readyTimeoutMs?: number;
  policy?: RestartPolicyOptions;
  /** Failed starts in a row on a fixed port before giving it up for a fresh one. */
  portRetries?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class DemoServerSupervisor {
  private readonly policy: RestartPolicy;
  private child: ServerChild | undefined;
  private port = 0;
  private readyThisRun = false;
  private everReady = false;
  private failedStartsInARow = 0;
  private stopping = false;
  private readyTimer: unknown;
  private restartTimer: unknown;
  private exitWaiters: Array<() => void> = [];
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly o: SupervisorOptions) {
    this.policy = new RestartPolicy(o.policy ?? DEFAULT_RESTART_POLICY);
    this.now = o.now ?? Date.now;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Port of the running server, 0 before the first ready. */
  get currentPort(): number {
    return this.port;
  }

  start(): void {
    this.stopping = false;
    if (!this.child && this.restartTimer === undefined) this.spawn();
  }

  /** Kills the server; resolves when it has exited (or after `graceMs`). */
  stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.setTimer(resolve, graceMs);
      this.exitWaiters.push(() => {
        this.clearTimer(timer);
        resolve();
      });
      child.kill();
    });
  }

  private clearTimers(): void {
    if (this.readyTimer !== undefined) this.clearTimer(this.readyTimer);
    if (this.restartTimer !== undefined) this.clearTimer(this.restartTimer);
    this.readyTimer = undefined;
    this.restartTimer = undefined;
  }

  private spawn(): void {
    this.restartTimer = undefined;
    this.readyThisRun = false;
    const args = serverArgs({ port: this.port, seed: this.o.seed, speed: this.o.speed, dataDir: this.o.dataDir, mediaDir: this.o.mediaDir });
    this.o.log.info(`starting demo stream server: ${args.join(' ')}`);
    let child: ServerChild;
    try {
      child = this.o.fork(args);
    } catch (error) {
      this.o.log.error(`could not start the demo stream server: ${String(error)}`);
      this.scheduleRestart(-1);
      return;
    }
    this.child = child;
    const serverLog = this.o.log.child('server');
    const pipe = (stream: ChildStream | null) => {
      if (!stream) return;
      const splitter = new LineSplitter();
      stream.on('data', (chunk) => {
        for (const line of splitter.push(String(chunk))) {
          const port = parseReadyLine(line);
          if (port !== undefined) this.ready(child, port);
          if (!line) continue;
          const { level, text } = classifyServerLine(line);
          serverLog[level](text);
        }
      });
    };
    pipe(child.stdout);
    pipe(child.stderr);
    child.on('message', (message) => {
      const port = parseReadyMessage(message);
      if (port !== undefined) this.ready(child, port);
    });
    child.on('exit', (code) => this.exited(child, code));
    this.readyTimer = this.setTimer(() => {
      this.readyTimer = undefined;
      if (this.child !== child || this.readyThisRun) return;
      const s = Math.round((this.o.readyTimeoutMs ?? READY_TIMEOUT_MS) / 1000);
      this.o.log.error(`demo stream server not ready after ${s} s; killing it`);
      this.o.onProblem(`The demo stream server did not start within ${s} s.`);
      child.kill();
    }, this.o.readyTimeoutMs ?? READY_TIMEOUT_MS);
  }

  private ready(child: ServerChild, port: number): void {
    // Both signals (message and stdout line) arrive; act on the first.
    if (this.child !== child || this.readyThisRun) return;
    this.readyThisRun = true;
    if (this.readyTimer !== undefined) this.clearTimer(this.readyTimer);
    this.readyTimer = undefined;
    const first = !this.everReady;
    const portChanged = this.everReady && port !== this.port;
    this.everReady = true;
    this.port = port;
    this.failedStartsInARow = 0;
    this.policy.started(this.now());
    this.o.log.info(`demo stream server ready on 127.0.0.1:${port}`);
    this.o.onReady(port, { first, portChanged });
  }

  private exited(child: ServerChild, code: number): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.readyTimer !== undefined) this.clearTimer(this.readyTimer);
    this.readyTimer = undefined;
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of waiters) w();
    if (this.stopping) {
      this.o.log.info(`demo stream server stopped (exit code ${code})`);
      return;
    }
    this.o.log.warn(`demo stream server exited unexpectedly (exit code ${code})`);
    this.scheduleRestart(code);
  }

  private scheduleRestart(code: number): void {
    if (!this.readyThisRun) this.failedStartsInARow++;
    // The port may have been taken while the server was down; a new port beats a dead wall
    // (windows are reloaded with the new address).
    if (this.port !== 0 && this.failedStartsInARow >= (this.o.portRetries ?? 3)) {
      this.o.log.warn(`port ${this.port} failed ${this.failedStartsInARow} starts in a row; asking for a new one`);
      this.port = 0;
    }
    const d = this.policy.exited(this.now());
    if (d.crashLoop) {
      const msg = `demo stream server crash loop: ${d.recentExits} exits within a minute (last exit code ${code})`;
      this.o.log.error(msg);
      this.o.onProblem(`The demo stream server keeps crashing (${d.recentExits} times in a minute). Restarting in ${Math.round(d.delayMs / 1000)} s.`);
    }
    this.o.log.info(`restarting demo stream server in ${d.delayMs} ms`);
    this.restartTimer = this.setTimer(() => this.spawn(), d.delayMs);
  }
}
