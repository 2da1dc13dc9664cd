/** Equirectangular distance, metres: exact enough within a city for "is it within 500 m". */
export function approxDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const k = Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  const dx = (lon2 - lon1) * 111_320 * k;
  const dy = (lat2 - lat1) * 110_574;
  return Math.hypot(dx, dy);
}
