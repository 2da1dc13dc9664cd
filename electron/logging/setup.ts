import { join } from 'node:path';
import { createLogger, type Logger } from './logger';
import { createRedactor, type Redactor } from './redact';
import { RotatingFile } from './rotating-file';

/** The app's logger: <logDir>/main.log (5 MB × 3) and stderr, every line redacted. */
export function createAppLogger(logDir: string): { logger: Logger; redact: Redactor; file: string } {
  const redact = createRedactor();
  const path = join(logDir, 'main.log');
  let file: RotatingFile | undefined;
  try {
    file = new RotatingFile(path);
  } catch (error) {
    process.stderr.write(`cannot open log file ${path}: ${String(error)}\n`);
  }
  const logger = createLogger(redact, [
    (line) => process.stderr.write(`${line}\n`),
    ...(file ? [(line: string) => file.write(line)] : []),
  ]);
  return { logger, redact, file: path };
}
