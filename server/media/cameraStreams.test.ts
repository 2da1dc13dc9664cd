import { describe, expect, it } from 'vitest';
import { mediaFor, parseCameraStreams, unknownCameras } from './cameraStreams';
import { demoCameraMedia } from './descriptors';

const BASE = 'http://127.0.0.1:7070';

describe('--camera-streams file', () => {
  it('takes a list (demo snapshot kept) or an object (its own snapshot), and fills in {base}', () => {
    const file = parseCameraStreams(
      JSON.stringify({
        'cam-00001': [
          { protocol: 'http-flv', quality: 'sub', url: 'http://10.20.1.17:8000/live/a.flv' },
          { protocol: 'hls', quality: 'sub', url: 'http://10.20.1.17:8080/live/a.m3u8' },
        ],
        'cam-00002': { streams: [{ protocol: 'mjpeg', quality: 'sub', url: '{base}/media/cam-00002/sub.mjpeg' }], snapshotUrl: '{base}/media/cam-00002/snapshot.jpg' },
        'cam-00003': { streams: [] },
      }),
    );
    const demo1 = demoCameraMedia(BASE, 'cam-00001');
    const one = mediaFor(file.get('cam-00001'), demo1, BASE);
    expect(one.streams.map((s) => s.protocol)).toEqual(['http-flv', 'hls']);
    expect(one.snapshotUrl).toBe(demo1.snapshotUrl);
    const two = mediaFor(file.get('cam-00002'), demoCameraMedia(BASE, 'cam-00002'), BASE);
    expect(two).toEqual({
      streams: [{ protocol: 'mjpeg', quality: 'sub', url: `${BASE}/media/cam-00002/sub.mjpeg` }],
      snapshotUrl: `${BASE}/media/cam-00002/snapshot.jpg`,
    });
    // An object without snapshotUrl means: no snapshot for this camera.
    expect(mediaFor(file.get('cam-00003'), demoCameraMedia(BASE, 'cam-00003'), BASE)).toEqual({ streams: [], snapshotUrl: undefined });
    // Cameras not in the file keep the demo streams.
    expect(mediaFor(file.get('cam-00009'), demoCameraMedia(BASE, 'cam-00009'), BASE)).toEqual(demoCameraMedia(BASE, 'cam-00009'));
  });

  it('names the bad entry', () => {
    const bad = (v: unknown) => () => parseCameraStreams(JSON.stringify(v), 'f.json');
    expect(bad({ 'cam-1': [{ protocol: 'rtsp', quality: 'sub', url: 'rtsp://x/y' }] })).toThrow(/f\.json: camera "cam-1"\[0\]\.protocol/);
    expect(bad({ 'cam-1': [{ protocol: 'hls', quality: 'sub', url: 'http://a/b.m3u8' }, { protocol: 'hls', quality: 'sub', url: 'file:///etc/passwd' }] })).toThrow(
      /camera "cam-1"\[1\]\.url: stream url must be http\(s\) or ws\(s\)/,
    );
    expect(bad({ 'cam-2': { streams: [], snapshotUrl: 'javascript:alert(1)' } })).toThrow(/camera "cam-2"\.snapshotUrl/);
    expect(bad({ 'cam-3': { streams: [], extra: 1 } })).toThrow(/camera "cam-3"/);
    expect(bad([1, 2])).toThrow(/expected an object/);
    expect(() => parseCameraStreams('{ nope', 'f.json')).toThrow(/f\.json: not JSON/);
    expect(bad({ 'bad id with spaces': [] })).toThrow(/camera id "bad id with spaces"/);
  });

  it('reports ids the simulation does not know', () => {
    const file = parseCameraStreams(JSON.stringify({ 'cam-00001': [], 'cam-99999': [] }));
    expect(unknownCameras(file, (id) => id === 'cam-00001')).toEqual(['cam-99999']);
  });
});
