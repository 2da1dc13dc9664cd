import { formatLogLine, type LogLevel } from './format';
import type { Redactor } from './redact';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Same sinks, another scope ("server", "renderer", …). */
  child(scope: string): Logger;
}

export type LogSink = (line: string, level: LogLevel) => void;

export function createLogger(redact: Redactor, sinks: readonly LogSink[], scope = 'main'): Logger {
  const emit = (level: LogLevel, message: string) => {
    const line = formatLogLine(redact, level, scope, message);
    for (const sink of sinks) {
      try {
        sink(line, level);
      } catch {
        // A failing sink must not break the caller; the other sinks still get the line.
      }
    }
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (s) => createLogger(redact, sinks, s),
  };
}

/** A logger that drops everything; for tests and for code paths before logging is set up. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
