import { describe, expect, it } from 'vitest';
import { Camera } from '../../shared/protocol';
import { cameraPlacement } from './catalog';
import { demoCameraMedia, publicBaseUrl } from './descriptors';
import { parseMediaPath } from './service';

describe('publicBaseUrl', () => {
  it('uses the listening address, with loopback for a wildcard bind', () => {
    expect(publicBaseUrl({ host: '127.0.0.1', port: 7070 })).toBe('http://127.0.0.1:7070');
    expect(publicBaseUrl({ host: '0.0.0.0', port: 81 })).toBe('http://127.0.0.1:81');
    expect(publicBaseUrl({ host: '::1', port: 81 })).toBe('http://[::1]:81');
  });
  it('prefers the configured public URL and refuses other schemes', () => {
    expect(publicBaseUrl({ host: '0.0.0.0', port: 1 }, 'https://wall.example.cn/qj/')).toBe('https://wall.example.cn/qj');
    expect(() => publicBaseUrl({ host: '', port: 0 }, 'rtsp://x')).toThrow();
  });
});

describe('demoCameraMedia', () => {
  const media = demoCameraMedia('http://127.0.0.1:5000', '53030200001310000017');
  it('lists WebSocket-FLV first, then HTTP-FLV, HLS and MJPEG, main before sub', () => {
    expect(media.streams.map((s) => `${s.protocol}/${s.quality}`)).toEqual([
      'ws-flv/main', 'ws-flv/sub', 'http-flv/main', 'http-flv/sub', 'hls/main', 'hls/sub', 'mjpeg/sub',
    ]);
    expect(media.streams[0]!.url).toBe('ws://127.0.0.1:5000/media/53030200001310000017/main.flv');
    expect(media.streams[5]!.url).toBe('http://127.0.0.1:5000/media/53030200001310000017/sub.m3u8');
    expect(media.snapshotUrl).toBe('http://127.0.0.1:5000/media/53030200001310000017/snapshot.jpg');
  });
  it('passes the protocol validation and routes back to the camera', () => {
    const cam = { id: '53030200001310000017', name: 'x', kind: 'hd', district: '530302', lon: 103.8, lat: 25.5, online: true, ...media };
    expect(Camera.safeParse(cam).success).toBe(true);
    for (const s of media.streams) {
      const route = parseMediaPath(new URL(s.url).pathname);
      expect(route?.cameraId).toBe('53030200001310000017');
    }
    expect(parseMediaPath('/media/abc/sub/123.ts')).toEqual({ kind: 'segment', cameraId: 'abc', q: 'sub', msn: 123 });
    expect(parseMediaPath('/media/abc/../x.flv')).toBeNull();
    expect(parseMediaPath('/media/abc/hd.flv')).toBeNull();
  });
  it('an https public URL gives wss WebSocket URLs', () => {
    expect(demoCameraMedia('https://h', 'c').streams[0]!.url).toBe('wss://h/media/c/main.flv');
  });
});

describe('cameraPlacement', () => {
  it('is deterministic and spreads cameras over every loop and phase', () => {
    expect(cameraPlacement('cam-1', 4, 10)).toEqual(cameraPlacement('cam-1', 4, 10));
    const loops = new Set<number>();
    const phases = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = cameraPlacement(`5303020000131${String(i).padStart(7, '0')}`, 4, 10);
      loops.add(p.loop);
      phases.add(p.phase);
    }
    expect(loops.size).toBe(4);
    expect(phases.size).toBe(10);
  });
});
