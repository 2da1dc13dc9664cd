import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** Rotate when the current file would grow beyond this. */
  maxBytes: number;
  /** Files kept in total, the current one included (main.log, main.log.1, …). */
  maxFiles: number;
}

/**
 * Size-capped log file with numbered rotation. Writes are synchronous on purpose: the lines
 * that explain a crash are the ones written just before it, and buffered writes would lose
 * them. Log volume is low (lifecycle events, child output), so the cost is negligible.
 */
export class RotatingFile {
  private size = 0;
  private broken = false;

  constructor(
    readonly path: string,
    private readonly options: RotatingFileOptions = { maxBytes: 5 * 1024 * 1024, maxFiles: 3 },
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.size = existsSync(path) ? statSync(path).size : 0;
  }

  write(line: string): void {
    if (this.broken) return;
    const data = line.endsWith('\n') ? line : `${line}\n`;
    const bytes = Buffer.byteLength(data);
    try {
      if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
      appendFileSync(this.path, data);
      this.size += bytes;
    } catch (error) {
      // A full or read-only disk must not take the wall down; stderr still gets every line.
      this.broken = true;
      process.stderr.write(`log file ${this.path} disabled: ${String(error)}\n`);
    }
  }

  private rotate(): void {
    const n = this.options.maxFiles;
    rmSync(`${this.path}.${n - 1}`, { force: true });
    for (let i = n - 2; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    if (n > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.size = 0;
  }
}
