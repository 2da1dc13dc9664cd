/** Small display helpers shared by the views. */
import { districtName } from '../../../shared/geo';
import type { Lang } from '../../config/settings';
import { translate } from '../../i18n';

export function district(code: string | null, lang: Lang): string {
  return code ? districtName(code, lang) : '';
}

export function ago(lang: Lang, thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 60) return lang === 'zh' ? `${s} 秒前` : `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return lang === 'zh' ? `${m} 分钟前` : `${m} min ago`;
  const h = Math.floor(m / 60);
  return lang === 'zh' ? `${h} 小时前` : `${h} h ago`;
}

export function timeOfDay(lang: Lang, ms: number): string {
  return new Date(ms).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone: 'Asia/Shanghai' });
}

export { translate };
