/**
 * Splits a `multipart/x-mixed-replace` byte stream (MJPEG) into its parts. Chromium's <img>
 * shows such a stream but fires `load` only for the first part, so a tile could not tell a
 * live MJPEG from a frozen one; reading the parts ourselves gives one frame signal per
 * picture. Uses each part's Content-Length when the server sends it (cheap), else searches for
 * the next boundary. Pure: bytes in, parts out.
 */
const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
/** A part bigger than this is not a camera picture: the stream is broken. */
export const MAX_PART_BYTES = 8 * 1024 * 1024;

export function boundaryOf(contentType: string | null): string | null {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.replace(/^--/, '') : null;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export class MultipartSplitter {
  private buf = new Uint8Array(0);
  private readonly delimiter: Uint8Array;
  private readonly headerEnd = enc.encode('\r\n\r\n');

  constructor(boundary: string) {
    this.delimiter = enc.encode(`--${boundary}`);
  }

  /** Feeds bytes; returns the bodies of the parts completed by them. Throws on a broken stream. */
  push(chunk: Uint8Array): Uint8Array[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    const parts: Uint8Array[] = [];
    for (;;) {
      const start = indexOf(this.buf, this.delimiter, 0);
      if (start < 0) break;
      const headersAt = start + this.delimiter.length;
      const bodyAt = indexOf(this.buf, this.headerEnd, headersAt);
      if (bodyAt < 0) break;
      const headers = dec.decode(this.buf.subarray(headersAt, bodyAt));
      const body = bodyAt + this.headerEnd.length;
      const len = /content-length:\s*(\d+)/i.exec(headers);
      let end: number;
      if (len) {
        end = body + Number(len[1]);
        if (Number(len[1]) > MAX_PART_BYTES) throw new Error('mjpeg: part too large');
        if (this.buf.length < end) break;
      } else {
        const next = indexOf(this.buf, this.delimiter, body);
        if (next < 0) break;
        // The CRLF before the next delimiter belongs to it.
        end = next >= 2 && this.buf[next - 2] === 13 && this.buf[next - 1] === 10 ? next - 2 : next;
      }
      parts.push(this.buf.slice(body, end));
      this.buf = this.buf.slice(end);
    }
    if (this.buf.length > MAX_PART_BYTES) throw new Error('mjpeg: no part boundary in 8 MB');
    return parts;
  }
}
