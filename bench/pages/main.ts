/** Bench page entry: `?item=units|heat|transport|video` plus the item's parameters. */
import { Probe, param } from './probe';

declare global {
  interface Window {
    bench: {
      probe: Probe;
      ready: Promise<unknown>;
      heat?: Awaited<ReturnType<typeof import('./heat').startHeat>>;
      video?: Awaited<ReturnType<typeof import('./video').startVideo>>;
      error?: string;
    };
  }
}

const probe = new Probe();
const item = param('item', 'units');
const ready = (async () => {
  if (item === 'units') return (await import('./units')).startUnits(probe);
  if (item === 'transport') return (await import('./transport')).startTransport(probe);
  if (item === 'heat') {
    // Awaited first: an assignment reads window.bench before its right side runs.
    const heat = await (await import('./heat')).startHeat();
    window.bench.heat = heat;
    return heat.loadMs;
  }
  if (item === 'video') {
    const video = await (await import('./video')).startVideo();
    window.bench.video = video;
    return;
  }
  throw new Error(`unknown bench item ${item}`);
})();
window.bench = { probe, ready };
ready.catch((e: unknown) => (window.bench.error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)));
