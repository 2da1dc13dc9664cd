// TLS with a self-signed certificate: a client that trusts it (socket.io-client `ca`)
// connects over wss; one that does not is refused with a clear certificate error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EV, PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../../shared/protocol';
import { startStreamServer, type StreamServer } from './server';
import { loadTls, spkiSha256 } from './tls';

const TOKEN = 'tls-test-token-77aa';
let pems: { cert: string; private: string };
let server: StreamServer;
let dir: string;

beforeAll(async () => {
  pems = await generate([{ name: 'commonName', value: 'qujing-stream.test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'qujing-tls-'));
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  const tls = loadTls({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });
  server = await startStreamServer({ port: 0, token: TOKEN, seed: 2, media: false, tls });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

function tryConnect(opts: { ca?: string }): Promise<{ ok: true; hello: unknown } | { ok: false; error: string }> {
  const socket = io(`https://127.0.0.1:${server.port}${PROTOCOL_NAMESPACE}`, {
    auth: { token: TOKEN, role: 'wall', protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.ca ? { ca: opts.ca } : {}),
  });
  return new Promise((resolve) => {
    socket.once(EV.hello, (hello: unknown) => {
      socket.close();
      resolve({ ok: true, hello });
    });
    socket.once('connect_error', (e: Error & { description?: { message?: string; error?: { message?: string } } }) => {
      socket.close();
      const d = e.description as unknown as { error?: { message?: string }; message?: string } | undefined;
      resolve({ ok: false, error: `${e.message} ${d?.error?.message ?? d?.message ?? ''}` });
    });
  });
}

describe('stream server over TLS', () => {
  it('serves wss to a client that trusts the configured CA', async () => {
    const r = await tryConnect({ ca: pems.cert });
    expect(r.ok).toBe(true);
    expect(r.ok && r.hello).toMatchObject({ protocol: PROTOCOL_VERSION, role: 'wall' });
  });

  it('refuses, by default, a client that does not trust the certificate, with a certificate error', async () => {
    const r = await tryConnect({});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/self[- ]signed certificate|unable to verify/i);
  });

  it('serves the health endpoint over https only', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      get(`https://127.0.0.1:${server.port}/`, { ca: pems.cert }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(s));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ name: 'qujing-stream-server' });
    const plain = await fetch(`http://127.0.0.1:${server.port}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused');
  });

  it('needs both files and a real certificate; gives the SPKI hash Chromium pins', () => {
    expect(loadTls({})).toBeNull();
    expect(() => loadTls({ certFile: join(dir, 'cert.pem') })).toThrow(/both/);
    writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
    expect(() => loadTls({ certFile: join(dir, 'junk.pem'), keyFile: join(dir, 'key.pem') })).toThrow(/not a PEM certificate/);
    expect(spkiSha256(pems.cert)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
