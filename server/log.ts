/** One line per event on stderr: `<ISO time> LEVEL message key=value …`. stdout stays for the CLI's own output. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold: number = ORDER[(process.env.QUJING_LOG_LEVEL as LogLevel) in ORDER ? (process.env.QUJING_LOG_LEVEL as LogLevel) : 'info'];

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level];
}

export type LogFields = Record<string, string | number | boolean | null | undefined>;

function format(value: string | number | boolean | null): string {
  const s = String(value);
  // Quote anything that would break key=value parsing.
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

function write(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
  if (ORDER[level] < threshold) return;
  let line = `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\s+/g, ' ')}`;
  if (fields) {
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${format(v)}`;
  }
  process.stderr.write(line + '\n');
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};
