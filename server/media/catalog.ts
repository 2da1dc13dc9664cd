/**
 * The demo loops on disk (assets/video/loopN/, made by scripts/make-demo-video.sh), loaded
 * once into memory (a few MB), and the deterministic mapping of cameras onto them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flvLoop, parseFlv, type FlvLoop } from './flv';

export const QUALITIES = ['main', 'sub'] as const;
export type Quality = (typeof QUALITIES)[number];
const SIZES: Record<Quality, { width: number; height: number }> = {
  main: { width: 1280, height: 720 },
  sub: { width: 640, height: 360 },
};

export interface DemoLoop {
  name: string;
  flv: Record<Quality, FlvLoop>;
  /** One-second MPEG-TS segments per quality, in order. */
  segments: Record<Quality, Buffer[]>;
  /** JPEG pictures at JPEG_PER_SECOND, 640x360. */
  jpegs: Buffer[];
}

export const JPEG_PER_SECOND = 2;

export interface Catalog {
  loops: DemoLoop[];
  /** Seconds in every loop (they all have the same length). */
  loopSeconds: number;
}

/** assets/video of this checkout: found upwards from this module (works from server/media and dist/server). */
export function defaultMediaDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'assets', 'video');
    if (existsSync(join(candidate, 'loop1'))) return candidate;
    dir = resolve(dir, '..');
  }
  return null;
}

function sortedFiles(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

export function loadCatalog(dir: string): Catalog {
  const names = readdirSync(dir)
    .filter((d) => /^loop\d+$/.test(d))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  if (names.length === 0) throw new Error(`no demo loops in ${dir} (run scripts/make-demo-video.sh)`);
  const loops = names.map((name): DemoLoop => {
    const d = join(dir, name);
    const flv = {} as Record<Quality, FlvLoop>;
    const segments = {} as Record<Quality, Buffer[]>;
    for (const q of QUALITIES) {
      flv[q] = flvLoop(parseFlv(readFileSync(join(d, `${q}.flv`))), SIZES[q]);
      segments[q] = sortedFiles(join(d, q), '.ts').map((f) => readFileSync(f));
      if (segments[q].length === 0) throw new Error(`${d}/${q}: no segments`);
    }
    const jpegs = sortedFiles(join(d, 'jpeg'), '.jpg').map((f) => readFileSync(f));
    if (jpegs.length === 0) throw new Error(`${d}/jpeg: no pictures`);
    return { name, flv, segments, jpegs };
  });
  const loopSeconds = loops[0]!.segments.main.length;
  for (const l of loops) {
    for (const q of QUALITIES) {
      if (l.segments[q].length !== loopSeconds) throw new Error(`${l.name}/${q}: ${l.segments[q].length} segments, expected ${loopSeconds}`);
    }
  }
  return { loops, loopSeconds };
}

/** FNV-1a: a stable spread of camera ids over loops and phases. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Which loop a camera shows, and how many seconds into it (so neighbours differ). */
export function cameraPlacement(cameraId: string, loopCount: number, loopSeconds: number): { loop: number; phase: number } {
  const h = hash(cameraId);
  return { loop: h % loopCount, phase: Math.floor(h / loopCount) % loopSeconds };
}
