/**
 * Expands the `cameras` topic's stream templates (docs/protocol.md §7.4.3) into each camera's
 * inline `streams` before the entities are validated, so players only ever see full
 * descriptors. The table comes with every cameras snapshot; a delta may add new keys.
 */
import { expandCameraStreams, parseStreamTemplates, type StreamTemplate } from '../../shared/protocol';

export class CameraStreamResolver {
  private table = new Map<string, StreamTemplate>();

  /** A cameras snapshot: its table replaces the previous one (none: no templates). */
  snapshot(rawTemplates: unknown, entities: readonly unknown[]): { entities: unknown[]; rejected: string[] } {
    const { table, rejected } = parseStreamTemplates(rawTemplates);
    this.table = table;
    return this.expand(entities, rejected);
  }

  /** A cameras delta: new template keys are added; a key already known keeps its snapshot definition. */
  delta(rawTemplates: unknown, upserts: readonly unknown[]): { entities: unknown[]; rejected: string[] } {
    const { table, rejected } = parseStreamTemplates(rawTemplates);
    for (const [key, tpl] of table) {
      if (this.table.has(key)) rejected.push(`streamTemplates.${key}: already defined, a delta may only add templates`);
      else this.table.set(key, tpl);
    }
    return this.expand(upserts, rejected);
  }

  private expand(items: readonly unknown[], rejected: string[]): { entities: unknown[]; rejected: string[] } {
    const entities = items.map((raw) => {
      const cam = expandCameraStreams(raw, this.table) as { id?: unknown; streamError?: string };
      if (cam && typeof cam === 'object' && cam.streamError) rejected.push(`cameras entity ${String(cam.id).slice(0, 64)}: ${cam.streamError}`);
      return cam;
    });
    return { entities, rejected };
  }
}
