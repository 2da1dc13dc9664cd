/** Translation and number formatting for the current language (zh-CN default). */
import { useWall } from '../state/store';
import type { Lang } from '../config/settings';
import { en, zh, type StringKey } from './strings';

export type { StringKey };

const TABLES: Record<Lang, Record<StringKey, string>> = { zh, en };
const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };
const numberFormats = new Map<string, Intl.NumberFormat>();

export function translate(lang: Lang, key: StringKey, vars?: Record<string, string | number>): string {
  const s = TABLES[lang][key] ?? zh[key];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function formatNumber(lang: Lang, n: number, opts?: Intl.NumberFormatOptions): string {
  const key = `${lang}|${JSON.stringify(opts ?? {})}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], opts);
    numberFormats.set(key, f);
  }
  return f.format(n);
}

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

/** Hook: t(), n() bound to the store's language. */
export function useI18n() {
  const lang = useWall((s) => s.lang);
  return {
    lang,
    t: (key: StringKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
    n: (v: number, opts?: Intl.NumberFormatOptions) => formatNumber(lang, v, opts),
  };
}
