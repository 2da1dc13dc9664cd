// A camera or basemap URL with an unexpected scheme is refused at the boundary.
import { describe, expect, it } from 'vitest';
import { Camera, CameraStream, parseEntities } from '../../shared/protocol';
import { basemapValid } from '../config/settings';

const HOSTILE = ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'chrome://settings', 'ftp://x/y'];

describe('URLs with an unexpected scheme are refused', () => {
  it('camera stream URLs', () => {
    for (const url of HOSTILE) expect(CameraStream.safeParse({ protocol: 'hls', quality: 'main', url }).success, url).toBe(false);
    for (const url of ['http://10.0.0.5/live.m3u8', 'https://gw/x.flv', 'ws://gw/x.flv', 'wss://gw/x']) {
      expect(CameraStream.safeParse({ protocol: 'hls', quality: 'main', url }).success, url).toBe(true);
    }
    // A camera carrying one is rejected whole, with a reason, by the stream client's validator.
    expect(Camera).toBeDefined();
    const { valid, rejected } = parseEntities('cameras', [{ id: 'c-x', streams: [{ protocol: 'hls', quality: 'main', url: 'javascript:alert(1)' }] }]);
    expect(valid).toEqual([]);
    expect(rejected[0]).toMatch(/c-x/);
  });
  it('basemap style URLs', () => {
    for (const url of HOSTILE) expect(basemapValid(url), url).toBe(false);
    expect(basemapValid('https://tiles.city.local/style.json')).toBe(true);
    expect(basemapValid('offline')).toBe(true);
  });
});
