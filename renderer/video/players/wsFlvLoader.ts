/**
 * mpegts.js's own WebSocket loader throws an uncaught RuntimeException when the player is
 * destroyed while its socket is still connecting: abort() closes the CONNECTING socket, the
 * browser then fires `error`, and the loader, whose callbacks destroy() has cleared, throws.
 * In a tour that rotates 16 tiles every few seconds this happens all the time.
 *
 * This loader (mpegts.js `customLoader`, used for ws-flv only) moves the same bytes but goes
 * silent once aborted: it detaches from the socket, and a socket still connecting is closed
 * only once it opens, so the browser has no "closed before the connection is established"
 * error to print either. Built from the BaseLoader and WebSocket handed in, so it is tested
 * with fakes.
 */

/** What the loader needs from mpegts.js's BaseLoader (see mpegts.js src/io/loader.js). */
export interface BaseLoaderLike {
  _status: number;
  _needStash: boolean;
  _onDataArrival: ((chunk: ArrayBuffer, byteStart: number, receivedLength: number) => void) | null;
  _onError: ((type: string, info: { code: number; msg: string }) => void) | null;
  _onComplete: ((from: number, to: number) => void) | null;
  destroy(): void;
}
export type BaseLoaderClass = new (typeName: string) => BaseLoaderLike;

/** The part of the browser's WebSocket the loader uses. */
export interface SocketLike {
  readyState: number;
  binaryType: string;
  onopen: ((e: unknown) => void) | null;
  onclose: ((e: { code?: number }) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  close(): void;
}
export type SocketClass = new (url: string) => SocketLike;

const CONNECTING = 0;
/** A socket still connecting this long after abort is closed anyway (a hung gateway must not keep it). */
export const ABORT_CLOSE_AFTER_MS = 3000;
const OPEN = 1;
/** mpegts.js LoaderStatus / LoaderErrors values. */
const STATUS = { connecting: 1, buffering: 2, error: 3, complete: 4 } as const;
const EXCEPTION = 'Exception';

export function createWsFlvLoader(Base: BaseLoaderClass, Socket: SocketClass) {
  return class QuietWebSocketLoader extends Base {
    private ws: SocketLike | null = null;
    private received = 0;

    constructor() {
      super('quiet-websocket-loader');
      this._needStash = true;
    }

    open(dataSource: { url: string }): void {
      let ws: SocketLike;
      try {
        ws = new Socket(dataSource.url);
      } catch (e) {
        this._status = STATUS.error;
        this._onError?.(EXCEPTION, { code: -1, msg: e instanceof Error ? e.message : String(e) });
        return;
      }
      this.ws = ws;
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        if (this.ws === ws) this._status = STATUS.buffering;
      };
      ws.onmessage = (e) => {
        if (this.ws !== ws) return;
        if (!(e.data instanceof ArrayBuffer)) {
          this._status = STATUS.error;
          this._onError?.(EXCEPTION, { code: -1, msg: 'ws-flv: unexpected text message' });
          return;
        }
        const start = this.received;
        this.received += e.data.byteLength;
        this._onDataArrival?.(e.data, start, this.received);
      };
      ws.onerror = () => {
        if (this.ws !== ws) return;
        this._status = STATUS.error;
        this._onError?.(EXCEPTION, { code: -1, msg: 'WebSocket error' });
      };
      ws.onclose = (e) => {
        if (this.ws !== ws) return;
        this.ws = null;
        // A close after an error was already reported; a clean close is the end of the stream.
        if (this._status === STATUS.error) return;
        this._status = STATUS.complete;
        if (e.code !== undefined && e.code !== 1000 && e.code !== 1005) {
          this._onError?.(EXCEPTION, { code: e.code, msg: `WebSocket closed (${e.code})` });
        } else {
          this._onComplete?.(0, this.received - 1);
        }
      };
      this._status = STATUS.connecting;
    }

    abort(): void {
      const ws = this.ws;
      this.ws = null;
      this._status = STATUS.complete;
      if (!ws) return;
      ws.onmessage = null;
      ws.onerror = null;
      ws.onclose = null;
      if (ws.readyState === CONNECTING) {
        // Closing now would make the browser print an error; close as soon as it opens, or
        // after a while if it never does.
        const late = setTimeout(() => {
          if (ws.readyState === CONNECTING) ws.close();
        }, ABORT_CLOSE_AFTER_MS);
        ws.onopen = () => {
          clearTimeout(late);
          ws.close();
        };
      } else {
        ws.onopen = null;
        if (ws.readyState === OPEN) ws.close();
      }
    }

    override destroy(): void {
      this.abort();
      super.destroy();
    }
  };
}
