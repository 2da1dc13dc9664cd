/**
 * A local PMTiles archive as the basemap. The host (browser-mode web server or the desktop
 * app's app:// handler) serves one configured file at the page-relative path
 * basemap.pmtiles, with HTTP byte ranges; it is read from there, on the page's own origin,
 * so nothing leaves the machine and the CSP's 'self' covers it.
 */
import * as maplibregl from 'maplibre-gl';
import { PMTiles, Protocol, TileType, type Header } from 'pmtiles';
import type { PmtilesArchiveInfo } from './basemap';

/** Where every host serves the configured archive, relative to the page. */
export const PMTILES_PATH = 'basemap.pmtiles';

const MAX_VECTOR_LAYERS = 200;

let protocol: Protocol | null = null;

/** The pmtiles:// protocol, registered with MapLibre once per page. */
function pmtilesProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

function tileKind(t: TileType): PmtilesArchiveInfo['kind'] {
  if (t === TileType.Png || t === TileType.Jpeg || t === TileType.Webp || t === TileType.Avif) return 'raster';
  if (t === TileType.Mvt) return 'vector';
  throw new Error(`unsupported tile type ${t} (the wall draws png, jpeg, webp, avif or mvt tiles)`);
}

function boundsOf(h: Header): PmtilesArchiveInfo['bounds'] {
  const ok = [h.minLon, h.minLat, h.maxLon, h.maxLat].every(Number.isFinite) && h.minLon < h.maxLon && h.minLat < h.maxLat;
  return ok ? [h.minLon, h.minLat, h.maxLon, h.maxLat] : [-180, -85.051129, 180, 85.051129];
}

function vectorLayerIds(metadata: unknown): string[] {
  const layers = (metadata as { vector_layers?: unknown } | null)?.vector_layers;
  if (!Array.isArray(layers)) return [];
  const ids = layers.map((l) => (l as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 256);
  return [...new Set(ids)].slice(0, MAX_VECTOR_LAYERS);
}

/**
 * Opens the host's archive and reads what drawing it needs. Throws (with a readable message)
 * when the file is missing, not a PMTiles v3 archive, or holds tiles the wall cannot draw.
 */
export async function openLocalPmtiles(pageUrl: string): Promise<{ info: PmtilesArchiveInfo; tileUrl: string }> {
  const url = new URL(PMTILES_PATH, pageUrl).href;
  const archive = new PMTiles(url);
  const header = await archive.getHeader();
  const kind = tileKind(header.tileType);
  let vectorLayers: string[] = [];
  let attribution: string | undefined;
  const metadata = kind === 'vector' || header.jsonMetadataLength > 0 ? await archive.getMetadata() : null;
  if (kind === 'vector') {
    vectorLayers = vectorLayerIds(metadata);
    if (vectorLayers.length === 0) throw new Error('vector archive without metadata.vector_layers: nothing to draw');
  }
  const a = (metadata as { attribution?: unknown } | null)?.attribution;
  if (typeof a === 'string' && a.trim()) attribution = a.trim().slice(0, 500);
  pmtilesProtocol().add(archive);
  const minZoom = Math.max(0, Math.min(header.minZoom, 24));
  const maxZoom = Math.max(minZoom, Math.min(header.maxZoom, 24));
  return {
    info: { kind, minZoom, maxZoom, bounds: boundsOf(header), vectorLayers, ...(attribution ? { attribution } : {}) },
    tileUrl: `pmtiles://${url}/{z}/{x}/{y}`,
  };
}
