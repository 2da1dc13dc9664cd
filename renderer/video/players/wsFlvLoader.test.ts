import { afterEach, describe, expect, it, vi } from 'vitest';
import { ABORT_CLOSE_AFTER_MS, createWsFlvLoader, type BaseLoaderLike, type SocketLike } from './wsFlvLoader';

/** mpegts.js's BaseLoader as far as the loader uses it; destroy() clears the callbacks like the real one. */
class FakeBase implements BaseLoaderLike {
  _status = 0;
  _needStash = false;
  _onDataArrival: BaseLoaderLike['_onDataArrival'] = null;
  _onError: BaseLoaderLike['_onError'] = null;
  _onComplete: BaseLoaderLike['_onComplete'] = null;
  constructor(readonly type: string) {}
  destroy(): void {
    this._onDataArrival = null;
    this._onError = null;
    this._onComplete = null;
  }
}

/** A browser WebSocket whose events the test fires; like Chromium, closing while CONNECTING fires error then close. */
class FakeSocket implements SocketLike {
  static last: FakeSocket;
  readyState = 0;
  binaryType = 'blob';
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  closeCalls = 0;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  close(): void {
    this.closeCalls++;
    const wasConnecting = this.readyState === 0;
    this.readyState = 3;
    if (wasConnecting) this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** The original mpegts.js loader's behaviour on an error with no callback left: throw. */
  fireError(): void {
    this.onerror?.({});
  }
}

function setup() {
  const Loader = createWsFlvLoader(FakeBase, FakeSocket);
  const loader = new Loader();
  const events: string[] = [];
  loader._onDataArrival = (chunk, start, total) => events.push(`data ${chunk.byteLength} @${start} =${total}`);
  loader._onError = (type, info) => events.push(`error ${type} ${info.msg}`);
  loader._onComplete = () => events.push('complete');
  loader.open({ url: 'ws://127.0.0.1:1/media/cam/sub.flv' });
  return { loader, events, ws: FakeSocket.last };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('quiet WebSocket loader for ws-flv', () => {
  it('delivers binary messages as one byte stream', () => {
    const { events, ws } = setup();
    ws.open();
    ws.onmessage?.({ data: new ArrayBuffer(9) });
    ws.onmessage?.({ data: new ArrayBuffer(4) });
    expect(ws.binaryType).toBe('arraybuffer');
    expect(events).toEqual(['data 9 @0 =9', 'data 4 @9 =13']);
  });

  it('destroyed while connecting: nothing thrown, nothing reported, socket closed once it opens', () => {
    const { loader, events, ws } = setup();
    expect(() => loader.destroy()).not.toThrow();
    // Not closed while connecting (the browser would print an error), and late events are ignored.
    expect(ws.closeCalls).toBe(0);
    expect(() => ws.fireError()).not.toThrow();
    expect(() => ws.open()).not.toThrow();
    expect(ws.closeCalls).toBe(1);
    expect(events).toEqual([]);
  });

  it('destroyed while connecting to a gateway that never answers: closed after a while, still silently', () => {
    vi.useFakeTimers();
    const { loader, events, ws } = setup();
    loader.destroy();
    vi.advanceTimersByTime(ABORT_CLOSE_AFTER_MS - 1);
    expect(ws.closeCalls).toBe(0);
    // The fake fires error and close on a CONNECTING close, as Chromium does.
    expect(() => vi.advanceTimersByTime(1)).not.toThrow();
    expect(ws.closeCalls).toBe(1);
    expect(events).toEqual([]);
  });

  it('destroyed while open: closes the socket, reports nothing after', () => {
    const { loader, events, ws } = setup();
    ws.open();
    loader.destroy();
    expect(ws.closeCalls).toBe(1);
    ws.onmessage?.({ data: new ArrayBuffer(3) });
    expect(events).toEqual([]);
  });

  it('a live socket that fails is reported once as an error', () => {
    const { events, ws } = setup();
    ws.fireError();
    ws.onclose?.({ code: 1006 });
    expect(events).toEqual(['error Exception WebSocket error']);
  });

  it('a server close with a code (4503 camera offline) is an error; a clean close is the end of the stream', () => {
    const a = setup();
    a.ws.open();
    a.ws.onclose?.({ code: 4503 });
    expect(a.events).toEqual(['error Exception WebSocket closed (4503)']);
    const b = setup();
    b.ws.open();
    b.ws.onclose?.({ code: 1000 });
    expect(b.events).toEqual(['complete']);
  });
});
