import type { Redactor } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Renders an error (or anything thrown) with its stack, without ever throwing itself. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return typeof error === 'string' ? error : JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** One log line: ISO time, level, scope, message — redacted. No trailing newline. */
export function formatLogLine(
  redact: Redactor,
  level: LogLevel,
  scope: string,
  message: string,
  time: Date = new Date(),
): string {
  return redact(`${time.toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${message}`);
}
