/** Demo media server wiring for the stream server (see README.md in this folder). */
import type { Simulation } from '../simulation';
import { log } from '../log';
import { defaultMediaDir, loadCatalog } from './catalog';
import { mediaFor, unknownCameras, type CameraStreamsFile } from './cameraStreams';
import { DEMO_TEMPLATE, demoCameraMedia, demoStreamTemplate, publicBaseUrl } from './descriptors';
import { createMediaService, type MediaService } from './service';

export type { MediaStats } from './service';

export interface DemoMediaOptions {
  /** Directory of the loops (default: assets/video of this checkout). */
  dir?: string;
  /** Base URL browsers use to reach this server (default: the listening address). */
  publicUrl?: string;
  /** `--camera-streams`: cameras pointed at other URLs (cameraStreams.ts). */
  cameraStreams?: CameraStreamsFile;
}

export interface DemoMedia extends MediaService {
  /** Fills every camera's `streams` and `snapshotUrl` once the listening address is known. */
  advertise(listen: { host: string; port: number }): string;
}

/** Null when there are no loops (the cameras then keep `streams: []`, as with any backend without video). */
export function startDemoMedia(sim: Simulation, opts: DemoMediaOptions = {}): DemoMedia | null {
  const dir = opts.dir ?? defaultMediaDir();
  if (!dir) {
    log.warn('demo video not found (assets/video); cameras get no streams');
    return null;
  }
  const t0 = performance.now();
  const catalog = loadCatalog(dir);
  log.info('demo video loaded', { dir, loops: catalog.loops.length, ms: Math.round(performance.now() - t0) });
  // Validate the public URL before anything listens.
  if (opts.publicUrl) publicBaseUrl({ host: '', port: 0 }, opts.publicUrl);
  const overrides = opts.cameraStreams ?? new Map();
  const unknown = unknownCameras(overrides, (id) => sim.cameraOnline(id) !== undefined);
  if (unknown.length > 0) throw new Error(`--camera-streams: unknown camera ${unknown.slice(0, 5).map((id) => `"${id}"`).join(', ')}`);
  const service = createMediaService({ catalog, cameraOnline: (id) => sim.cameraOnline(id) });
  return {
    ...service,
    advertise(listen) {
      const base = publicBaseUrl(listen, opts.publicUrl);
      sim.setCameraMedia((id) => mediaFor(overrides.get(id), demoCameraMedia(base, id), base), { [DEMO_TEMPLATE]: demoStreamTemplate(base) });
      log.info('demo camera streams', { base: `${base}/media/`, ...(overrides.size > 0 ? { fromFile: overrides.size } : {}) });
      return base;
    },
  };
}
