import { describe, expect, it } from 'vitest';
import { MultipartSplitter, boundaryOf } from './multipart';

const enc = new TextEncoder();
const jpeg = (n: number, fill: number) => new Uint8Array(n).fill(fill);
function part(body: Uint8Array, withLength: boolean): Uint8Array {
  const head = enc.encode(`--frame\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${body.length}\r\n` : ''}\r\n`);
  const out = new Uint8Array(head.length + body.length + 2);
  out.set(head);
  out.set(body, head.length);
  out.set([13, 10], head.length + body.length);
  return out;
}
function concat(...xs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(xs.reduce((s, x) => s + x.length, 0));
  let at = 0;
  for (const x of xs) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

describe('MJPEG multipart splitter', () => {
  it('reads the boundary from the content type', () => {
    expect(boundaryOf('multipart/x-mixed-replace; boundary=frame')).toBe('frame');
    expect(boundaryOf('multipart/x-mixed-replace;boundary="--myboundary"')).toBe('myboundary');
    expect(boundaryOf('image/jpeg')).toBeNull();
  });

  it('yields every picture once, whatever the chunking, with and without Content-Length', () => {
    for (const withLength of [true, false]) {
      const stream = concat(part(jpeg(5000, 1), withLength), part(jpeg(7000, 2), withLength), part(jpeg(3000, 3), withLength), part(jpeg(10, 4), withLength));
      for (const size of [1, 7, 1000, stream.length]) {
        const s = new MultipartSplitter('frame');
        const got: Uint8Array[] = [];
        for (let i = 0; i < stream.length; i += size) got.push(...s.push(stream.subarray(i, i + size)));
        // Without Content-Length the last part is only complete once the next boundary arrives.
        const expected = withLength ? [[5000, 1], [7000, 2], [3000, 3], [10, 4]] : [[5000, 1], [7000, 2], [3000, 3]];
        expect(got.map((g) => [g.length, g[0]]), `length ${withLength}, chunk ${size}`).toEqual(expected);
        expect(got.every((g, i) => g.every((b) => b === expected[i]![1]))).toBe(true);
      }
    }
  });

  it('gives up on a stream with no boundary', () => {
    const s = new MultipartSplitter('frame');
    expect(() => {
      for (let i = 0; i < 10; i++) s.push(new Uint8Array(1024 * 1024));
    }).toThrow(/no part boundary/);
  });
});
