/** Police strength by status, city-wide and per district: the map panel and the dashboard. Pure. */
import { DISTRICT_CODES } from '../../shared/geo/districts';
import { UNIT_STATUSES, type Unit } from '../../shared/protocol';

export interface PoliceStrength {
  /** Per status (UNIT_STATUSES order). */
  city: number[];
  /** Per district (DISTRICT_CODES order), per status. */
  byDistrict: number[][];
  total: number;
}

export function policeStrength(units: Iterable<Pick<Unit, 'status' | 'district'>>): PoliceStrength {
  const city = new Array<number>(UNIT_STATUSES.length).fill(0);
  const byDistrict = DISTRICT_CODES.map(() => new Array<number>(UNIT_STATUSES.length).fill(0));
  let total = 0;
  for (const u of units) {
    const s = UNIT_STATUSES.indexOf(u.status);
    if (s < 0) continue;
    city[s]!++;
    total++;
    const d = (DISTRICT_CODES as readonly string[]).indexOf(u.district);
    if (d >= 0) byDistrict[d]![s]!++;
  }
  return { city, byDistrict, total };
}
