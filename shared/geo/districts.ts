/** Qujing's nine county-level divisions, keyed by their administrative division code (行政区划代码). */
export const DISTRICTS = [
  { adcode: '530302', name: '麒麟区', nameEn: 'Qilin' },
  { adcode: '530303', name: '沾益区', nameEn: 'Zhanyi' },
  { adcode: '530304', name: '马龙区', nameEn: 'Malong' },
  { adcode: '530322', name: '陆良县', nameEn: 'Luliang' },
  { adcode: '530323', name: '师宗县', nameEn: 'Shizong' },
  { adcode: '530324', name: '罗平县', nameEn: 'Luoping' },
  { adcode: '530325', name: '富源县', nameEn: 'Fuyuan' },
  { adcode: '530326', name: '会泽县', nameEn: 'Huize' },
  { adcode: '530381', name: '宣威市', nameEn: 'Xuanwei' },
] as const;

export type DistrictCode = (typeof DISTRICTS)[number]['adcode'];
export const DISTRICT_CODES = DISTRICTS.map((d) => d.adcode) as [DistrictCode, ...DistrictCode[]];

export function districtName(code: string, lang: 'zh' | 'en' = 'zh'): string {
  const d = DISTRICTS.find((x) => x.adcode === code);
  if (!d) return code;
  return lang === 'zh' ? d.name : d.nameEn;
}

/** Bounding box of Qujing prefecture (WGS-84, degrees), a cheap first check before point-in-polygon. */
export const QUJING_BBOX = { minLon: 102.7, maxLon: 104.8, minLat: 24.5, maxLat: 27.1 } as const;

/** Centre of Qilin district, the city centre. */
export const QILIN_CENTRE = { lon: 103.7976, lat: 25.4967 } as const;
