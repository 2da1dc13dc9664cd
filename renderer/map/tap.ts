/**
 * Feeds the map's own incident columns (with category, converted once to the basemap's
 * coordinate system) and the units' last-heard times from what reaches the world: every
 * history reset and live incident, every unit upsert. Installed once when this module loads,
 * before the stream connects.
 */
import type { Incident, IncidentHistory, Unit } from '../../shared/protocol';
import { world } from '../data/world';
import { useWall } from '../state/store';
import { MapIncidents } from './incidents';

export const mapIncidents = new MapIncidents();
/** performance.now() of the last entity update per unit id. */
export const unitHeard = new Map<string, number>();

const history = world.history;
const reset = history.reset.bind(history);
const addLive = history.addLive.bind(history);
history.reset = (h: IncidentHistory | null, snapshotIncidents: readonly Incident[]) => {
  mapIncidents.setCrs(useWall.getState().settings?.basemapCrs ?? 'wgs84');
  mapIncidents.reset(h, snapshotIncidents);
  reset(h, snapshotIncidents);
};
history.addLive = (inc: Incident) => {
  mapIncidents.addLive(inc, performance.now());
  return addLive(inc);
};

const units = world.units;
const upsert = units.upsert.bind(units);
const clear = units.clear.bind(units);
units.upsert = (u: Unit) => {
  unitHeard.set(u.id, performance.now());
  upsert(u);
};
const remove = units.remove.bind(units);
units.remove = (id: string) => {
  unitHeard.delete(id);
  remove(id);
};
units.clear = () => {
  unitHeard.clear();
  clear();
};
