/** The page's translations bound to one language, for memoised cards and chart options built outside React. */
import type { Lang } from '../../config/settings';
import { formatNumber, translate, type StringKey, type useI18n } from '../../i18n';

export type I18n = ReturnType<typeof useI18n>;

export function bindI18n(lang: Lang): I18n {
  return {
    lang,
    t: (key: StringKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
    n: (v: number, opts?: Intl.NumberFormatOptions) => formatNumber(lang, v, opts),
  };
}

/** Two decimals, as levels in metres are read. */
export const m2 = (i: I18n, v: number) => i.n(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
