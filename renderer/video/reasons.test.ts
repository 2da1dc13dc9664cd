import { describe, expect, it } from 'vitest';
import { classifyReason, reasonLines } from './reasons';

describe('why a tile is not live, in the wall language', () => {
  // The strings the players, the liveness check and the snapshot actually report.
  const cases: [string, string, Record<string, string | number>?][] = [
    ['hls networkError: manifestLoadError (HTTP 404)', 'video.why.httpNotFound', { code: 404 }],
    ['hls networkError: levelLoadTimeOut', 'video.why.timeout'],
    ['hls networkError: fragLoadError', 'video.why.network'],
    ['hls mediaError: bufferAppendError', 'video.why.decode'],
    ['hls.js failed to load: TypeError: Failed to fetch dynamically imported module', 'video.why.playerLoad'],
    ['hls: this browser has neither MSE nor native HLS', 'video.why.unsupported'],
    ['ws-flv NetworkError: Exception (4503) WebSocket closed (4503)', 'video.why.gatewayClosed', { code: '4503' }],
    ['ws-flv NetworkError: Exception', 'video.why.network'],
    ['http-flv NetworkError: HttpStatusCodeInvalid (403) Forbidden', 'video.why.httpRefused', { code: 403 }],
    ['http-flv NetworkError: ConnectingTimeout', 'video.why.timeout'],
    ['http-flv MediaError: CodecUnsupported Unsupported codec in video frame: 12', 'video.why.unsupported'],
    ['http-flv NetworkError: UnrecoverableEarlyEof', 'video.why.ended'],
    ['http-flv: stream ended', 'video.why.ended'],
    ['ws-flv: this browser cannot play live MSE streams', 'video.why.unsupported'],
    ['webrtc: connected, but no video from the gateway for 5.0 s', 'video.why.gatewayNoVideo', { s: '5.0' }],
    ['webrtc: connection failed', 'video.why.connectionFailed'],
    ['webrtc: RTCPeerConnection is not available', 'video.why.unsupported'],
    ['webrtc: WHEP endpoint answered HTTP 502', 'video.why.httpServer', { code: 502 }],
    ['mjpeg: HTTP 418', 'video.why.http', { code: 418 }],
    ['mjpeg: Failed to fetch', 'video.why.network'],
    ['media error 3 PIPELINE_ERROR_DECODE: video decoder reinitialization failed', 'video.why.decode'],
    ['media error 2 PIPELINE_ERROR_NETWORK', 'video.why.network'],
    ['media error 4 DEMUXER_ERROR_COULD_NOT_OPEN', 'video.why.unsupported'],
    ['mjpeg: not a multipart stream (text/html)', 'video.why.notStream'],
    ['no picture', 'video.why.noPicture'],
    ['picture too slow to be live (42 % of real time)', 'video.why.tooSlow', { pace: 42 }],
    ['no live picture (cached frames only)', 'video.why.cachedOnly'],
    ['something nobody has seen before', 'video.why.other'],
  ];
  it.each(cases)('%s', (raw, key, vars) => {
    const r = classifyReason(raw);
    expect(r.key).toBe(key);
    expect(r.vars).toEqual(vars);
    expect(r.snapshot).toBeUndefined();
  });

  it('marks a failed snapshot as the still picture, not the live stream', () => {
    expect(classifyReason('snapshot HTTP 503')).toEqual({ key: 'video.why.httpServer', vars: { code: 503 }, snapshot: true });
    expect(classifyReason('snapshot timed out')).toEqual({ key: 'video.why.timeout', snapshot: true });
    expect(classifyReason('snapshot not a picture')).toEqual({ key: 'video.why.notPicture', snapshot: true });
    // A snapshot is a picture at an address: a 404 there is not a missing stream.
    expect(classifyReason('snapshot HTTP 404')).toEqual({ key: 'video.why.snapshotNotFound', vars: { code: 404 } });
  });

  it('writes the lines in the wall language, each failure once, with its code', () => {
    expect(reasonLines('zh', 'ws-flv NetworkError: Exception (4503) WebSocket closed (4503)')).toEqual(['视频网关断开连接（4503）']);
    expect(reasonLines('en', 'ws-flv NetworkError: Exception (4503) WebSocket closed (4503)')).toEqual(['Video gateway closed the connection (4503)']);
    expect(reasonLines('zh', 'hls networkError: manifestLoadError (HTTP 404) · snapshot HTTP 404')).toEqual(['视频流不存在（HTTP 404）', '快照地址不存在（HTTP 404）']);
    expect(reasonLines('en', 'no picture · no picture')).toEqual(['No picture']);
    // Nothing of the English technical text reaches a Chinese wall's tile.
    for (const raw of ['hls networkError: fragLoadError', 'http-flv NetworkError: HttpStatusCodeInvalid (404) Not Found', 'snapshot Failed to fetch']) {
      expect(reasonLines('zh', raw).join(' ').replace(/HTTP \d{3}/g, '')).not.toMatch(/[a-z]{3,}/i);
    }
  });
});
