#!/usr/bin/env node
// Browser mode: serves the built renderer. With --demo it also starts the Qujing
// simulation and prints the address to open.
//   npm run web -- [--port 5173] [--host 127.0.0.1] [--demo [--seed N] [--speed X]] [--pmtiles FILE]
// --pmtiles serves a local PMTiles archive at /basemap.pmtiles; open the wall with &basemap=pmtiles.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from './lib/fresh-build.mjs';
import { startWebServer } from './lib/serve-web.mjs';
import { startStreamServerProcess } from './lib/stream-server-process.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    demo: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    speed: { type: 'string', default: '1' },
    'server-port': { type: 'string', default: '7070' },
    pmtiles: { type: 'string' },
  },
});

let pmtiles;
if (values.pmtiles !== undefined) {
  pmtiles = resolve(values.pmtiles);
  let ok;
  try {
    ok = statSync(pmtiles).isFile();
  } catch {
    ok = false;
  }
  if (!ok) {
    console.error(`--pmtiles: ${pmtiles} is not a readable file`);
    process.exit(2);
  }
}

ensureBuild();
const web = await startWebServer({ host: values.host, port: Number(values.port), pmtiles });
const base = `http://${values.host}:${web.port}/`;
if (values.demo) {
  const token = randomBytes(18).toString('base64url');
  const server = await startStreamServerProcess({
    port: Number(values['server-port']),
    token,
    seed: Number(values.seed),
    speed: Number(values.speed),
    quiet: false,
  });
  const q = (view) => `${base}?server=${encodeURIComponent(server.url)}&token=${token}&view=${view}${pmtiles ? '&basemap=pmtiles' : ''}`;
  console.log(`Qujing wall (browser mode, demo data) — open in Chromium or Chrome:`);
  for (const view of ['map', 'cameras', 'drainage', 'dashboard', 'console']) console.log(`  ${view.padEnd(9)} ${q(view)}`);
  const stop = async () => {
    await server.stop();
    await web.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  console.log(`Serving the wall at ${base}`);
  if (pmtiles) console.log(`Local basemap ${pmtiles} at ${base}basemap.pmtiles (add &basemap=pmtiles to the wall's address)`);
  console.log(`Open ${base}?server=http://127.0.0.1:7070&token=<token>&view=map|cameras|drainage|dashboard|console${pmtiles ? '&basemap=pmtiles' : ''}`);
  console.log(`(start a stream server with: npm run server -- --port 7070 --token <token>, or use npm run web -- --demo)`);
}
