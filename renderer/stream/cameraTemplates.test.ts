import { describe, expect, it } from 'vitest';
import { parseEntities, type Camera } from '../../shared/protocol';
import { CameraStreamResolver } from './cameraTemplates';

const base = { name: '寥廓北路口', kind: 'hd', district: '530302', lon: 103.79, lat: 25.5, online: true };
const templates = { a: { streams: [{ protocol: 'http-flv', quality: 'sub', url: 'http://gw-a/{id}.flv' }] } };
const cams = (r: { entities: unknown[] }) => parseEntities('cameras', r.entities).valid as Camera[];

describe('CameraStreamResolver', () => {
  it('keeps the snapshot table for deltas: a camera changing template or status is expanded', () => {
    const r = new CameraStreamResolver();
    expect(cams(r.snapshot(templates, [{ ...base, id: 'c1', streamTemplate: 'a' }]))[0]!.streams[0]!.url).toBe('http://gw-a/c1.flv');
    const offline = cams(r.delta(undefined, [{ ...base, id: 'c1', online: false, streamTemplate: 'a' }]))[0]!;
    expect(offline).toMatchObject({ online: false, streams: [{ url: 'http://gw-a/c1.flv' }] });
    const moved = r.delta({ b: { streams: [{ protocol: 'hls', quality: 'main', url: 'https://gw-b/{id}.m3u8' }] } }, [{ ...base, id: 'c1', streamTemplate: 'b' }]);
    expect(cams(moved)[0]!.streams).toEqual([{ protocol: 'hls', quality: 'main', url: 'https://gw-b/c1.m3u8' }]);
  });

  it('a delta cannot redefine a template; a new snapshot without templates forgets them', () => {
    const r = new CameraStreamResolver();
    r.snapshot(templates, []);
    const redefined = r.delta({ a: { streams: [{ protocol: 'hls', quality: 'main', url: 'http://evil/{id}.m3u8' }] } }, [{ ...base, id: 'c2', streamTemplate: 'a' }]);
    expect(redefined.rejected[0]).toMatch(/already defined/);
    expect(cams(redefined)[0]!.streams[0]!.url).toBe('http://gw-a/c2.flv');
    const after = r.snapshot(undefined, [{ ...base, id: 'c2', streamTemplate: 'a' }]);
    expect(cams(after)[0]).toMatchObject({ streams: [], streamError: 'unknown stream template "a"' });
    expect(after.rejected).toEqual(['cameras entity c2: unknown stream template "a"']);
  });
});
