// A small TCP proxy between the wall page and the stream server, for fault injection with
// real sockets: drop (close every connection), delay (added latency per chunk), blackhole
// (stop forwarding without closing: bytes are held, as TCP would retransmit them, and
// flow again on heal) and throttle (bytes per second per direction).
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'blackhole' } | { kind: 'throttle'; bytesPerSecond: number };

export interface TcpProxy {
  port: number;
  url: string;
  /** Connections accepted since start. */
  accepted(): number;
  /** Connections open right now. */
  open(): number;
  setMode(mode: ProxyMode): void;
  /** Closes every open connection at once (the link flaps); new connections are accepted. */
  drop(): void;
  /** While refusing, new connections are closed immediately (the link is down). */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

interface Pipe {
  client: Socket;
  upstream: Socket;
}

/** Forwards `from` to `to` under the proxy's current mode, chunk by chunk, in order. */
function forward(from: Socket, to: Socket, mode: () => ProxyMode): void {
  const queue: Buffer[] = [];
  let busy = false;
  const pump = () => {
    if (busy) return;
    const m = mode();
    if (m.kind === 'blackhole') return; // held; heal() pumps again
    const chunk = queue.shift();
    if (!chunk) return;
    busy = true;
    const send = () => {
      busy = false;
      if (!to.destroyed) to.write(chunk);
      pump();
    };
    if (m.kind === 'delay') setTimeout(send, m.ms);
    else if (m.kind === 'throttle') setTimeout(send, (chunk.length / m.bytesPerSecond) * 1000);
    else send();
  };
  from.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    pump();
  });
  (from as Socket & { pumpHeld?: () => void }).pumpHeld = pump;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = { kind: 'pass' };
  let refusing = false;
  let accepted = 0;
  const pipes = new Set<Pipe>();

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(target.port, target.host);
    const pipe = { client, upstream };
    pipes.add(pipe);
    const end = () => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    forward(client, upstream, () => mode);
    forward(upstream, client, () => mode);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    open: () => pipes.size,
    setMode(next) {
      mode = next;
      // Leaving a blackhole releases what was held.
      for (const p of pipes) {
        for (const s of [p.client, p.upstream]) (s as Socket & { pumpHeld?: () => void }).pumpHeld?.();
      }
    },
    drop() {
      for (const p of [...pipes]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pipes.clear();
    },
    refuse(on) {
      refusing = on;
    },
    close() {
      for (const p of pipes) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pipes.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
