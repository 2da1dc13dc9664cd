#!/usr/bin/env node
// Browser mode: serves the built renderer. With --demo it also starts the Qujing
// simulation and prints the address to open.
//   npm run web -- [--port 5173] [--host 127.0.0.1] [--demo [--seed N] [--speed X]]
import { randomBytes } from 'node:crypto';
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
  },
});

ensureBuild();
const web = await startWebServer({ host: values.host, port: Number(values.port) });
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
  const q = (view) => `${base}?server=${encodeURIComponent(server.url)}&token=${token}&view=${view}`;
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
  console.log(`Open ${base}?server=http://127.0.0.1:7070&token=<token>&view=map|cameras|drainage|dashboard|console`);
  console.log(`(start a stream server with: npm run server -- --port 7070 --token <token>, or use npm run web -- --demo)`);
}
