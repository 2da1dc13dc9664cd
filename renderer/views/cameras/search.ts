/** Camera search for the picker: every word must match the name, the district (zh or en) or the id. Pure. */
import { districtName } from '../../../shared/geo';
import type { Camera } from '../../../shared/protocol';

export function searchCameras(cameras: Iterable<Camera>, query: string, lang: 'zh' | 'en', limit: number): Camera[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: Camera[] = [];
  for (const c of cameras) {
    const hay = `${c.name} ${districtName(c.district, 'zh')} ${districtName(c.district, 'en')} ${c.id}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(c);
  }
  out.sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name, lang === 'zh' ? 'zh-CN' : 'en'));
  return out.slice(0, limit);
}
