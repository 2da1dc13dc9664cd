/** The machine a run was measured on, for the report. */
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string;
  gl: string;
  loadAverage: number[];
  /** 1/5/15-minute load average when the run ended: above the core count, figures are crowded out. */
  loadAverageEnd?: number[];
  freeRamGiB: number;
}

function osName(): string {
  try {
    const m = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return `${m[1]} (${type()} ${release()})`;
  } catch {
    // not Linux: fall through
  }
  return `${type()} ${release()}`;
}

export function machine(chromium: string, gl: string): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    chromium,
    gl,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    freeRamGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
  };
}
