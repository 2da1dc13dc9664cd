/**
 * A media gateway that can be told to fail: an HTTP reverse proxy (CORS `*`) in front of
 * another stream server, for tests of what the wall does when a camera's live streams all
 * fail while its snapshot (served elsewhere) still works.
 *
 *   const gw = await startFaultyGateway();
 *   gw.upstream = server.url;        // proxies GET /anything → upstream/anything
 *   gw.failing = true;               // open streams are cut, new requests get 503
 *   gw.failing = false;              // proxies again
 *   await gw.close();
 *
 * Binds 127.0.0.1 on a free port.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FaultyGateway {
  port: number;
  origin: string;
  upstream: string | null;
  failing: boolean;
  /** Requests answered 503 while failing, and proxied ones. */
  counts: { refused: number; proxied: number };
  close(): Promise<void>;
}

export async function startFaultyGateway(): Promise<FaultyGateway> {
  const open = new Set<ServerResponse>();
  let failing = false;
  const refuse = (res: ServerResponse) => {
    gw.counts.refused++;
    res.writeHead(503, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end('gateway failing\n');
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (failing || !gw.upstream) return refuse(res);
    gw.counts.proxied++;
    const target = new URL(req.url ?? '/', gw.upstream);
    const up = request(target, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'access-control-allow-origin': '*' });
      open.add(res);
      upRes.pipe(res);
      res.once('close', () => {
        open.delete(res);
        upRes.destroy();
      });
    });
    up.once('error', () => res.destroy());
    req.once('close', () => {
      if (!res.writableEnded) up.destroy();
    });
    up.end();
  });
  const port = await new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));
  const gw: FaultyGateway = {
    port,
    origin: `http://127.0.0.1:${port}`,
    upstream: null,
    get failing() {
      return failing;
    },
    set failing(v: boolean) {
      failing = v;
      // A failing gateway cuts what it is streaming, as a crashed one would.
      if (v) for (const res of open) res.destroy();
    },
    counts: { refused: 0, proxied: 0 },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return gw;
}
