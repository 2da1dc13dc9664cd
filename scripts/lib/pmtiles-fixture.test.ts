import { inflateSync } from 'node:zlib';
import { PMTiles, TileType, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { QUJING_BOUNDS, crc32, rasterPmtiles, solidPng } from '../../e2e/support/pmtiles-fixture';

/** A pmtiles Source over bytes in memory (copied out: a Buffer's .buffer may be a shared pool). */
function bytesSource(bytes: Uint8Array): Source {
  const own = Uint8Array.from(bytes);
  return {
    getKey: () => 'memory',
    getBytes: async (offset, length) => ({ data: own.slice(offset, offset + length).buffer }),
  };
}

describe('test PMTiles fixture', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('encodes a valid solid-colour PNG', () => {
    const png = solidPng([40, 120, 90], 4);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(4);
    const idatLen = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(4 * (1 + 4 * 3));
    expect([...raw.subarray(0, 4)]).toEqual([0, 40, 120, 90]);
    expect(png.subarray(png.length - 8, png.length - 4).toString('latin1')).toBe('IEND');
  });

  it('is read back by the pmtiles library: header, metadata and the z0 tile', async () => {
    const bytes = rasterPmtiles({ colour: [40, 120, 90] });
    const archive = new PMTiles(bytesSource(bytes));
    const h = await archive.getHeader();
    expect(h).toMatchObject({
      specVersion: 3,
      rootDirectoryOffset: 127,
      tileType: TileType.Png,
      internalCompression: 1,
      tileCompression: 1,
      minZoom: 0,
      maxZoom: 0,
      numAddressedTiles: 1,
      numTileEntries: 1,
      numTileContents: 1,
      clustered: true,
    });
    expect([h.minLon, h.minLat, h.maxLon, h.maxLat]).toEqual([...QUJING_BOUNDS]);
    expect(await archive.getMetadata()).toMatchObject({ name: 'test fixture' });
    const tile = await archive.getZxy(0, 0, 0);
    expect(tile).toBeDefined();
    expect(Buffer.from(tile!.data)).toEqual(solidPng([40, 120, 90]));
    expect(await archive.getZxy(1, 0, 0)).toBeUndefined();
  });
});
