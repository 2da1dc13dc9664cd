/**
 * CLI entry of the stream server (demo mode's Qujing simulation).
 *   tsx server/main.ts [--port 7070] [--host 127.0.0.1] [--seed N] [--speed X] [--token T] [--console-token T2]
 * stdout carries only what a user or a parent process reads: the connect hint when the
 * token was generated, and the ready line. Logs go to stderr.
 */
import { randomBytes } from 'node:crypto';
import { log } from './log';
import { startStreamServer, type StreamServer } from './stream/server';
import { loadTls, type TlsMaterial } from './stream/tls';
import { loadCameraStreams } from './media/cameraStreams';
import { PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../shared/protocol';

const USAGE = `usage: qujing-stream-server [--port 7070] [--host 127.0.0.1] [--seed N] [--speed X] [--token T] [--console-token T2] [--data-dir DIR]
  --port            TCP port, 0 = any free port (default 7070)
  --host            interface to listen on (default 127.0.0.1)
  --seed            simulation seed (default 1)
  --speed           simulated seconds per real second (default 1)
  --token           access token (else env QUJING_TOKEN, else a random one is printed)
  --console-token   separate token for roles console/admin (else env QUJING_CONSOLE_TOKEN)
  --data-dir        directory of the embedded database that keeps alarms, acknowledgements and
                    dispatches across restarts (else env QUJING_DATA_DIR; without it nothing is kept)
  --media           directory of the demo video loops (default assets/video), or "off"
  --tls-cert        PEM certificate: serve https/wss (else env QUJING_TLS_CERT; needs --tls-key)
  --tls-key         PEM private key of --tls-cert (else env QUJING_TLS_KEY)
  --public-url      base URL browsers use for the demo camera streams (default http://<host>:<port>)
  --camera-streams  JSON file: camera id → its stream descriptors (media gateways, test servers)
                    instead of the demo streams; see server/README.md
  --start-time      the simulated clock at start, ISO 8601 or epoch ms (default now): training and
                    tests that need a given hour of the day
`;

interface Args {
  port: number;
  host: string;
  seed: number;
  speed: number;
  token?: string;
  consoleToken?: string;
  dataDir?: string;
  media?: string;
  startTime?: number;
  publicUrl?: string;
  cameraStreams?: string;
  tlsCert?: string;
  tlsKey?: string;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 7070, host: '127.0.0.1', seed: 1, speed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (raw === '--help' || raw === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) fail(`missing value for ${name}`);
    const num = () => {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) fail(`${name} needs a number, got ${JSON.stringify(value)}`);
      return n;
    };
    switch (name) {
      case '--port': {
        const n = num();
        if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--port must be 0..65535`);
        args.port = n;
        break;
      }
      case '--host':
        args.host = value;
        break;
      case '--seed': {
        const n = num();
        if (!Number.isInteger(n)) fail('--seed must be an integer');
        args.seed = n;
        break;
      }
      case '--speed': {
        const n = num();
        if (!(n > 0) || n > 10_000) fail('--speed must be > 0 and at most 10000');
        args.speed = n;
        break;
      }
      case '--token':
        if (!value) fail('--token must not be empty');
        args.token = value;
        break;
      case '--console-token':
        if (!value) fail('--console-token must not be empty');
        args.consoleToken = value;
        break;
      case '--data-dir':
        if (!value) fail('--data-dir must not be empty');
        args.dataDir = value;
        break;
      case '--start-time': {
        const t = value && /^\d+$/.test(value) ? Number(value) : Date.parse(value ?? '');
        if (!Number.isFinite(t) || t < 0) fail('--start-time must be an ISO 8601 time or epoch milliseconds');
        args.startTime = t;
        break;
      }
      case '--media':
        if (!value) fail('--media must not be empty');
        args.media = value;
        break;
      case '--tls-cert':
        args.tlsCert = value;
        break;
      case '--tls-key':
        args.tlsKey = value;
        break;
      case '--camera-streams':
        if (!value) fail('--camera-streams needs a file');
        args.cameraStreams = value;
        break;
      case '--public-url':
        if (!/^https?:\/\/[^/]+/i.test(value)) fail('--public-url must be an http(s) URL');
        args.publicUrl = value;
        break;
      default:
        fail(`unknown option ${name}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const envToken = process.env.QUJING_TOKEN || undefined;
  const token = args.token ?? envToken ?? randomBytes(18).toString('base64url');
  const generated = args.token === undefined && envToken === undefined;
  const consoleToken = args.consoleToken ?? (process.env.QUJING_CONSOLE_TOKEN || undefined);

  let server: StreamServer;
  let tls: TlsMaterial | null = null;
  try {
    tls = loadTls({ certFile: args.tlsCert ?? (process.env.QUJING_TLS_CERT || undefined), keyFile: args.tlsKey ?? (process.env.QUJING_TLS_KEY || undefined) });
    const dataDir = args.dataDir ?? (process.env.QUJING_DATA_DIR || undefined);
    if (args.cameraStreams && args.media === 'off') throw new Error('--camera-streams needs the media server (not --media off)');
    const cameraStreams = args.cameraStreams ? loadCameraStreams(args.cameraStreams) : undefined;
    const media = args.media === 'off' ? false : { dir: args.media, publicUrl: args.publicUrl, cameraStreams };
    server = await startStreamServer({ host: args.host, port: args.port, seed: args.seed, speed: args.speed, startTime: args.startTime, token, consoleToken, dataDir, media, tls });
  } catch (e) {
    log.error('could not start', { error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }

  if (generated) {
    const url = `${tls ? 'https' : 'http'}://${args.host.includes(':') ? `[${args.host}]` : args.host}:${server.port}${PROTOCOL_NAMESPACE}`;
    process.stdout.write(
      `No --token given; connect to ${url} with auth {"token":"${token}","role":"${consoleToken ? 'wall' : 'console'}","protocol":${PROTOCOL_VERSION}} (or restart with QUJING_TOKEN=${token})\n`,
    );
  }
  process.stdout.write(`QUJING_SERVER_READY ${JSON.stringify({ host: args.host, port: server.port })}\n`);

  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void } }).parentPort;
  if (parentPort) parentPort.postMessage({ type: 'ready', port: server.port });
  else if (process.send) process.send({ type: 'ready', port: server.port });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
