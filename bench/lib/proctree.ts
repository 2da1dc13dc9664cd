/**
 * CPU time of the browser's whole process tree (browser, renderer, GPU, utility processes),
 * from /proc. With software WebGL the GPU process rasterises on the CPU, so drawing cost
 * shows up there and not on the page's main thread. Linux only; NaN elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; cpu: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // Fields after the name: state(0) ppid(1) … utime(11) stime(12)
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds of every live descendant of `root`, leaving out the subtrees of `exclude`. */
export function descendantCpuSeconds(root: number, exclude: (number | undefined)[] = []): number {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return NaN;
  }
  const info = new Map<number, { ppid: number; cpu: number }>();
  for (const p of pids) {
    const s = stat(p);
    if (s) info.set(p, s);
  }
  const skip = new Set(exclude.filter((x): x is number => x !== undefined));
  const under = (p: number): boolean => {
    for (let q = p, guard = 0; q > 1 && guard < 64; guard++) {
      if (skip.has(q)) return false;
      const parent = info.get(q)?.ppid;
      if (parent === undefined) return false;
      if (parent === root) return !skip.has(q);
      q = parent;
    }
    return false;
  };
  let total = 0;
  for (const [p, s] of info) if (p !== root && under(p)) total += s.cpu;
  return total;
}
