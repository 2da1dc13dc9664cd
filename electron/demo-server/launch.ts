/** Command line, environment and readiness signals of the demo stream server child. */
import { z } from 'zod';
import type { Env } from '../config/load';

export const SERVER_SERVICE_NAME = 'qujing-stream-server';
export const READY_TIMEOUT_MS = 20_000;

export interface ServerLaunchOptions {
  /** 0 lets the OS pick a free port (first start); restarts reuse the port it reported. */
  port: number;
  seed?: number;
  speed?: number;
  /** Embedded database directory, e.g. join(app.getPath('userData'), 'stream-data'): alarms survive restarts. */
  dataDir?: string;
  /** Demo video loops: assets/video in a checkout, resources/video in a packaged app. */
  mediaDir?: string;
}

/** argv for dist/server/main.mjs. Never contains the token: argv is visible to every local user. */
export function serverArgs({ port, seed, speed, dataDir, mediaDir }: ServerLaunchOptions): string[] {
  const args = ['--host', '127.0.0.1', '--port', String(port)];
  if (seed !== undefined) args.push('--seed', String(seed));
  if (speed !== undefined) args.push('--speed', String(speed));
  if (dataDir) args.push('--data-dir', dataDir);
  if (mediaDir) args.push('--media', mediaDir);
  return args;
}

/**
 * The child gets only what a Node process needs to run (paths, locale, time zone, Windows
 * system variables sockets depend on) plus its token — not the parent's secrets or
 * Electron's switches (ELECTRON_RUN_AS_NODE and friends).
 */
const PASSED_THROUGH = [
  'PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'TZ',
  'SystemRoot', 'SYSTEMROOT', 'windir', 'ComSpec', 'NODE_ENV',
];

export function serverEnv(parent: Env, token: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const v = parent[key];
    if (v !== undefined) env[key] = v;
  }
  env.QUJING_TOKEN = token;
  return env;
}

const Port = z.number().int().min(1).max(65535);
const ReadyMessage = z.object({ type: z.literal('ready'), port: Port });
const ReadyLine = z.object({ host: z.string(), port: Port });
const READY_PREFIX = 'QUJING_SERVER_READY ';

/** Port from a `process.parentPort.postMessage({ type: 'ready', port })`, else undefined. */
export function parseReadyMessage(message: unknown): number | undefined {
  const r = ReadyMessage.safeParse(message);
  return r.success ? r.data.port : undefined;
}

/** Port from a `QUJING_SERVER_READY {"host":…,"port":N}` stdout line, else undefined. */
export function parseReadyLine(line: string): number | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(READY_PREFIX)) return undefined;
  try {
    const r = ReadyLine.safeParse(JSON.parse(trimmed.slice(READY_PREFIX.length)));
    return r.success ? r.data.port : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a byte stream into lines; an endless line is cut so memory stays bounded. */
export class LineSplitter {
  private pending = '';
  constructor(private readonly maxLineLength = 8192) {}

  push(chunk: string): string[] {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    const lines: string[] = [];
    for (const p of parts) lines.push(p.length > this.maxLineLength ? `${p.slice(0, this.maxLineLength)}…` : p);
    while (this.pending.length > this.maxLineLength) {
      lines.push(`${this.pending.slice(0, this.maxLineLength)}…`);
      this.pending = this.pending.slice(this.maxLineLength);
    }
    return lines;
  }

  /** Whatever is left without a final newline. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest ? [rest] : [];
  }
}

const LEADING_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\s+/;

/**
 * Log level and text of one line of server output. The server logs to stderr at every
 * level, so the level is read from the line rather than from the stream; the server's own
 * timestamp is dropped since the main log adds one.
 */
export function classifyServerLine(line: string): { level: 'info' | 'warn' | 'error'; text: string } {
  const text = line.replace(LEADING_TIMESTAMP, '');
  if (/^(?:ERROR|FATAL)\b/.test(text) || /^\S*Error\b|^\s+at /.test(text)) return { level: 'error', text };
  if (/^WARN/.test(text)) return { level: 'warn', text };
  return { level: 'info', text };
}
