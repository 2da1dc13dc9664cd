/**
 * Wall profiles known to the console: the ones in assets/walls, bundled at build time (a site
 * puts its hall's profile there). `?wallProfile=<file name without extension>` picks one;
 * the first is the default.
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
