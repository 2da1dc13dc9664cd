/** The real wall in browser mode: built stream server process + built renderer over HTTP. */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startWebServer } from '../../scripts/lib/serve-web.mjs';
import { startStreamServerProcess } from '../../scripts/lib/stream-server-process.mjs';

export type StreamServer = Awaited<ReturnType<typeof startStreamServerProcess>>;

export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export function startServer(token: string, speed: number, port = 0): Promise<StreamServer> {
  return startStreamServerProcess({ token, port, speed, seed: 7 });
}

export function startWeb(): Promise<{ port: number; close(): Promise<void> }> {
  return startWebServer({ port: 0 });
}

export function wallUrl(webPort: number, serverUrl: string, token: string, view: string): string {
  return `http://127.0.0.1:${webPort}/?server=${encodeURIComponent(serverUrl)}&token=${encodeURIComponent(token)}&view=${view}`;
}

interface MapDiag {
  firstDataAt: number | null;
  connection: string;
  /** Records the wall keeps by design (incidents, heat-map history, alarms, events, face hits). */
  counts?: { incidents: number; history: number; alarms: number; cityEvents: number; faceHits: number };
  /** Camera tiles of the window, each with its state and protocol. */
  video?: { tiles: { list: { phase: string; protocol: string | null }[] } };
  map?: { ready: boolean; layers: Record<string, { visible: boolean; count: number }> };
}

export type { MapDiag };

export function wallDiagnostics(page: Page): Promise<MapDiag | null> {
  return page.evaluate(() => {
    const w = window as unknown as { wallDiagnostics?: () => MapDiag };
    return w.wallDiagnostics ? w.wallDiagnostics() : null;
  });
}

/** The map view has drawn its basemap and units from the stream: a complete wall frame with data. */
export function wallComplete(d: MapDiag | null): boolean {
  return !!d && d.firstDataAt !== null && !!d.map?.ready && (d.map.layers.units?.count ?? 0) > 0;
}
