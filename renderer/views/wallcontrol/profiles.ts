/**
 * Wall profiles known to the console: the ones in assets/walls, bundled at build time (a site
 * puts its hall's profile there). `?wallProfile=<file name without extension>` picks one;
 * the first is the default. The wall protocol does not carry a layout yet (walls report only
 * their id, scene and commands), so the bundled profile is the layout, and the UI says so;
 * `wallLayout` is the one place to prefer a layout reported by the server once it exists.
 */
import { parseWallProfile, type WallProfile } from '../../../shared/wall';

const files = import.meta.glob('../../../assets/walls/*.{yaml,yml,json}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LoadedProfile {
  name: string;
  profile: WallProfile | null;
  errors: string[];
}

export function bundledProfiles(): LoadedProfile[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => {
      const name = path.split('/').pop()!.replace(/\.(ya?ml|json)$/, '');
      const r = parseWallProfile(text, `${name}`);
      return r.ok ? { name, profile: r.profile, errors: [] } : { name, profile: null, errors: r.errors };
    });
}

export function pickProfile(search: string): LoadedProfile | null {
  const all = bundledProfiles();
  const wanted = new URLSearchParams(search).get('wallProfile');
  return (wanted ? all.find((p) => p.name === wanted) : all[0]) ?? null;
}

export interface WallLayout {
  profile: WallProfile | null;
  /** bundled: a profile in assets/walls; inferred: no profile, monitors taken from the commands the server lists. */
  source: 'bundled' | 'inferred';
  name: string | null;
  errors: string[];
}

export function wallLayout(search: string): WallLayout {
  const loaded = pickProfile(search);
  if (loaded?.profile) return { profile: loaded.profile, source: 'bundled', name: loaded.name, errors: [] };
  return { profile: null, source: 'inferred', name: loaded?.name ?? null, errors: loaded?.errors ?? [] };
}
