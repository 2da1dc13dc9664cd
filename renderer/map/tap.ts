/**
 * Feeds the map's own incident columns (with category, converted once to the basemap's
 * coordinate system, with arrival times for the pulse) and the units' last-heard times from
 * what reaches the world. Registered once when this module loads: with the map's code, which a
 * window loads when it first shows the map, so the stream may already have delivered the
 * snapshot's history; the columns then start from what the world holds.
 */
import { world } from '../data/world';
import { useWall } from '../state/store';
import { MapIncidents } from './incidents';
import { VersionedMap } from './versioned-map';

export const mapIncidents = new MapIncidents();
/** performance.now() of the last entity update per unit id. */
export const unitHeard = new VersionedMap<string, number>();

if (world.history.count > 0) {
  mapIncidents.setCrs(useWall.getState().settings?.basemapCrs ?? 'wgs84');
  mapIncidents.resetFromColumns(world.history, world.table('incidents').values());
}

world.observe({
  historyReset(history, snapshotIncidents) {
    mapIncidents.setCrs(useWall.getState().settings?.basemapCrs ?? 'wgs84');
    mapIncidents.reset(history, snapshotIncidents);
  },
  incident(inc) {
    mapIncidents.addLive(inc, performance.now());
  },
  unitUpserted(u) {
    unitHeard.set(u.id, performance.now());
  },
  unitRemoved(id) {
    unitHeard.delete(id);
  },
  unitsCleared() {
    unitHeard.clear();
  },
});
