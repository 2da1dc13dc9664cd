import { describe, expect, it } from 'vitest';
import { ProtocolLadder, orderCandidates } from './fallback';
import type { CameraStream, StreamProtocol } from './types';

const S = (protocol: StreamProtocol, quality: 'main' | 'sub', host = 'gw:8080'): CameraStream => ({
  protocol,
  quality,
  url: `${protocol === 'ws-flv' ? 'ws' : 'http'}://${host}/${protocol}/${quality}`,
});
const ALL = new Set<StreamProtocol>(['hls', 'http-flv', 'ws-flv', 'mpegts', 'webrtc-whep', 'mjpeg']);
const streams = [S('webrtc-whep', 'main'), S('ws-flv', 'main'), S('ws-flv', 'sub'), S('http-flv', 'sub'), S('hls', 'main'), S('hls', 'sub')];

describe('orderCandidates', () => {
  it("follows the backend's order at the wanted quality, then the other quality", () => {
    const o = orderCandidates(streams, { supported: ALL, quality: 'sub' }).map((c) => `${c.protocol}/${c.quality}`);
    expect(o).toEqual(['ws-flv/sub', 'http-flv/sub', 'hls/sub', 'webrtc-whep/main', 'ws-flv/main', 'hls/main']);
  });

  it('skips protocols this browser cannot play', () => {
    const o = orderCandidates(streams, { supported: new Set(['hls', 'mjpeg']), quality: 'main' });
    expect(o.map((c) => c.protocol)).toEqual(['hls', 'hls']);
  });

  it('moves a protocol that failed behind the others', () => {
    const failures = new Map<StreamProtocol, number>([['webrtc-whep', 1]]);
    expect(orderCandidates(streams, { supported: ALL, quality: 'main', failures })[0]!.protocol).toBe('ws-flv');
  });

  it('prefers anything else over a long HTTP stream on a saturated host', () => {
    const s = [S('http-flv', 'sub'), S('ws-flv', 'sub'), S('hls', 'sub')];
    expect(orderCandidates(s, { supported: ALL, quality: 'sub' })[0]!.protocol).toBe('http-flv');
    expect(orderCandidates(s, { supported: ALL, quality: 'sub', saturatedHosts: new Set(['gw:8080']) })[0]!.protocol).toBe('ws-flv');
    expect(orderCandidates(s, { supported: ALL, quality: 'sub', saturatedHosts: new Set(['other:1']) })[0]!.protocol).toBe('http-flv');
  });
});

describe('ProtocolLadder', () => {
  it('walks WebRTC → WS-FLV → HTTP-FLV → HLS as each fails, reports the fallback, and trusts a protocol again once it plays', () => {
    const l = new ProtocolLadder();
    const opts = { supported: ALL, quality: 'sub' as const };
    const s = [S('webrtc-whep', 'sub'), S('ws-flv', 'sub'), S('http-flv', 'sub'), S('hls', 'sub')];
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = l.next(s, opts)!;
      seen.push(c.protocol);
      l.fail(c.protocol);
    }
    expect(seen).toEqual(['webrtc-whep', 'ws-flv', 'http-flv', 'hls']);
    expect(l.fallbackFrom('hls')).toBe('webrtc-whep');
    expect(l.fallbackFrom('webrtc-whep')).toBeNull();
    // All failed: the camera was down, not a path. The next round starts from the top.
    expect(l.allFailed(s, ALL)).toBe(true);
    expect(l.next(s, opts)!.protocol).toBe('webrtc-whep');
    expect(l.allFailed(s, ALL)).toBe(false);
    l.fail('webrtc-whep');
    expect(l.next(s, opts)!.protocol).toBe('ws-flv');
    l.succeed('ws-flv');
    // WebRTC keeps its failure: the tile stays on the path that works.
    expect(l.next(s, opts)!.protocol).toBe('ws-flv');
  });

  it('returns null when the camera has nothing playable', () => {
    expect(new ProtocolLadder().next([S('webrtc-whep', 'main')], { supported: new Set(['hls']), quality: 'main' })).toBeNull();
  });
});
