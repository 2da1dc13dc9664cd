import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactCamera, expandCameraStreams, fillTemplate, parseEntities, parseStreamTemplates, parseUrlTemplate, type Camera } from './index';

const cam: Camera = {
  id: '53030200001310000017',
  name: '南宁北路-寥廓北路口',
  kind: 'hd',
  district: '530302',
  lon: 103.79,
  lat: 25.5,
  online: true,
  streams: [],
};
const gateway = {
  gw: {
    streams: [
      { protocol: 'ws-flv', quality: 'sub', url: 'ws://10.20.1.17:8080/live/{id}_sub.flv' },
      { protocol: 'hls', quality: 'main', url: 'https://video.example.gov.cn/live/{id}/main.m3u8?token={token}' },
    ],
    snapshotUrl: 'http://10.20.1.17:8080/snap/{id}.jpg',
  },
};

describe('stream templates', () => {
  it('expands a reference into the descriptors a backend would have sent inline', () => {
    const { table, rejected } = parseStreamTemplates(gateway);
    expect(rejected).toEqual([]);
    const wire = { ...cam, streams: undefined, streamTemplate: 'gw', streamParams: { token: 'a b&c' } };
    const { valid } = parseEntities('cameras', [expandCameraStreams(wire, table)]);
    expect(valid[0]!.streams).toEqual([
      { protocol: 'ws-flv', quality: 'sub', url: 'ws://10.20.1.17:8080/live/53030200001310000017_sub.flv' },
      { protocol: 'hls', quality: 'main', url: 'https://video.example.gov.cn/live/53030200001310000017/main.m3u8?token=a%20b%26c' },
    ]);
    expect(valid[0]!.snapshotUrl).toBe('http://10.20.1.17:8080/snap/53030200001310000017.jpg');
    expect(valid[0]!.streamError).toBeUndefined();
  });

  it('leaves cameras with inline streams alone and never takes streamError from the wire', () => {
    const inline = { ...cam, streams: [{ protocol: 'hls', quality: 'main', url: 'http://x/a.m3u8' }], streamError: 'forged' };
    const out = expandCameraStreams(inline, new Map()) as Camera;
    expect(out.streams).toEqual(inline.streams);
    expect(out.streamError).toBeUndefined();
  });

  it('an unknown key or a missing parameter is a per-camera error, not a dropped camera', () => {
    const { table } = parseStreamTemplates(gateway);
    const unknown = parseEntities('cameras', [expandCameraStreams({ ...cam, streams: undefined, streamTemplate: 'nope' }, table)]);
    expect(unknown.valid[0]).toMatchObject({ id: cam.id, streams: [], streamError: 'unknown stream template "nope"' });
    const missing = parseEntities('cameras', [expandCameraStreams({ ...cam, streams: undefined, streamTemplate: 'gw' }, table)]);
    expect(missing.valid[0]!.streams).toEqual([]);
    expect(missing.valid[0]!.streamError).toMatch(/parameter "token" missing/);
  });

  it('rejects templates whose scheme is not literal http(s)/ws(s), alone', () => {
    const { table, rejected } = parseStreamTemplates({
      bad: { streams: [{ protocol: 'hls', quality: 'main', url: 'javascript:alert("{id}")' }] },
      sneaky: { streams: [{ protocol: 'hls', quality: 'main', url: '{scheme}://x/{id}.m3u8' }] },
      brace: { streams: [{ protocol: 'hls', quality: 'main', url: 'http://x/{id' }] },
      ok: gateway.gw,
    });
    expect([...table.keys()]).toEqual(['ok']);
    expect(rejected).toHaveLength(3);
    expect(parseStreamTemplates([]).rejected).toEqual(['streamTemplates: not an object']);
  });

  it('{{ and }} are literal braces', () => {
    expect(parseUrlTemplate('http://h/{{x}}/{id}')).toEqual([{ text: 'http://h/{x}/' }, { param: 'id' }]);
    expect(fillTemplate('http://h/{{x}}/{id}', 'c/1', {})).toBe('http://h/{x}/c%2F1');
  });

  it('property: a parameter value can never leave its place in the URL', () => {
    const { table } = parseStreamTemplates({ t: { streams: [{ protocol: 'http-flv', quality: 'sub', url: 'http://gw.local/live/{id}/{p}.flv' }] } });
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 200 }), (id, p) => {
        const out = expandCameraStreams({ ...cam, id, streams: undefined, streamTemplate: 't', streamParams: { p } }, table) as Camera;
        const url = new URL(out.streams[0]!.url);
        expect(url.origin).toBe('http://gw.local');
        expect(url.search + url.hash).toBe('');
        expect(decodeURIComponent(url.pathname)).toBe(`/live/${id}/${p}.flv`);
      }),
    );
  });

  it('property: compacting then expanding gives back the inline camera exactly', () => {
    const t2 = parseStreamTemplates({ gw2: { streams: gateway.gw.streams.map((s) => ({ ...s, url: s.url.replace('{token}', 'k') })), snapshotUrl: gateway.gw.snapshotUrl } }).table;
    const tpl = t2.get('gw2')!;
    fc.assert(
      fc.property(fc.stringMatching(/^[\w.:-]{1,64}$/), fc.constantFrom('own', 'template', 'none'), fc.boolean(), (id, snap, custom) => {
        const streams = tpl.streams.map((s) => ({ ...s, url: fillTemplate(s.url, id, {}) }));
        const snapshotUrl = snap === 'own' ? 'http://own/snap.jpg' : snap === 'template' ? fillTemplate(tpl.snapshotUrl!, id, {}) : undefined;
        const c: Camera = { ...cam, id, streams: custom ? streams.slice(0, 1) : streams, ...(snapshotUrl ? { snapshotUrl } : {}) };
        const wire = JSON.parse(JSON.stringify(compactCamera(c, t2))) as Record<string, unknown>;
        // A camera without a snapshot cannot use a template that has one: it stays inline.
        expect('streamTemplate' in wire).toBe(!custom && snap !== 'none');
        expect('streams' in wire).toBe(custom || snap === 'none');
        const back = expandCameraStreams(wire, t2) as Camera;
        expect(back.streams).toEqual(c.streams);
        expect(back.snapshotUrl).toBe(c.snapshotUrl);
      }),
    );
  });
});
