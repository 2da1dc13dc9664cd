// Runs node-media-server (npm, a real third-party RTMP/HTTP-FLV/WS-FLV server) in its own
// process for the media fixtures: node nms-process.mjs <rtmpPort> <httpPort> <storeDir>.
// Prints NMS_READY once both ports accept connections.

import net from 'node:net';
import NodeMediaServer from 'node-media-server';

const [rtmpPort, httpPort, storeDir] = process.argv.slice(2);
const nms = new NodeMediaServer({
  bind: '127.0.0.1',
  rtmp: { port: Number(rtmpPort) },
  http: { port: Number(httpPort) },
  store: { path: storeDir },
  webadmin: { enable: false },
  auth: { play: false, publish: false },
  notify: { url: '' },
});
void nms.run();

function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
(async () => {
  for (let i = 0; i < 200; i++) {
    if ((await accepts(Number(rtmpPort))) && (await accepts(Number(httpPort)))) {
      process.stdout.write('NMS_READY\n');
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stderr.write('node-media-server did not start listening\n');
  process.exit(1);
})();
process.on('SIGTERM', () => {
  nms.stop().finally(() => process.exit(0));
});
