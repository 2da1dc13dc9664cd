// Tiny PMTiles v3 archives for the tests: one z0 raster tile, a solid-colour PNG encoded here.
// Layout: 127-byte header, root directory, JSON metadata, tile data (no leaf directories),
// internal and tile compression none.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A size×size PNG of one opaque colour (8-bit RGB, filter 0 on every row). */
export function solidPng([r, g, b]: readonly [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const row = 1 + size * 3;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < size; x++) raw.set([r, g, b], y * row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

interface DirEntry {
  tileId: number;
  runLength: number;
  length: number;
  /** Relative to the start of the tile data section. */
  offset: number;
}

/** Directory: count, then columns of delta tile ids, run lengths, lengths, offsets (0 = right after the previous tile, else offset + 1). */
function encodeDirectory(entries: readonly DirEntry[]): Buffer {
  const out: number[] = [];
  varint(entries.length, out);
  let last = 0;
  for (const e of entries) {
    varint(e.tileId - last, out);
    last = e.tileId;
  }
  for (const e of entries) varint(e.runLength, out);
  for (const e of entries) varint(e.length, out);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1, out);
  });
  return Buffer.from(out);
}

export interface RasterFixtureOptions {
  colour: readonly [number, number, number];
  /** [west, south, east, north]; defaults to around Qujing. */
  bounds?: readonly [number, number, number, number];
  metadata?: Record<string, unknown>;
}

export const QUJING_BOUNDS = [102.7, 24.3, 104.6, 27.1] as const;

/** A PMTiles v3 archive holding one z0 PNG tile of a solid colour. */
export function rasterPmtiles({ colour, bounds = QUJING_BOUNDS, metadata = { name: 'test fixture', attribution: 'test <fixture>' } }: RasterFixtureOptions): Buffer {
  const tile = solidPng(colour);
  const root = encodeDirectory([{ tileId: 0, runLength: 1, length: tile.length, offset: 0 }]);
  const meta = Buffer.from(JSON.stringify(metadata), 'utf8');
  const HEADER = 127;
  const rootOffset = HEADER;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  const h = Buffer.alloc(HEADER);
  h.write('PMTiles', 0, 'latin1');
  h[7] = 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset); // no leaf directories: empty section
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tile.length);
  u64(72, 1); // addressed tiles
  u64(80, 1); // tile entries
  u64(88, 1); // tile contents
  h[96] = 1; // clustered
  h[97] = 1; // internal compression: none
  h[98] = 1; // tile compression: none
  h[99] = 2; // tile type: png
  h[100] = 0; // min zoom
  h[101] = 0; // max zoom
  const e7 = (v: number) => Math.round(v * 1e7);
  const [w, s, e, n] = bounds;
  h.writeInt32LE(e7(w), 102);
  h.writeInt32LE(e7(s), 106);
  h.writeInt32LE(e7(e), 110);
  h.writeInt32LE(e7(n), 114);
  h[118] = 0; // center zoom
  h.writeInt32LE(e7((w + e) / 2), 119);
  h.writeInt32LE(e7((s + n) / 2), 123);
  return Buffer.concat([h, root, meta, tile]);
}
