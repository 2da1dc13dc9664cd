/**
 * Keeps the dashboard's IncidentLog in step with the world's incident history: every reset
 * (snapshot) and live append that reaches world.history reaches the log too. Installed
 * once when this module loads, before the stream connects.
 */
import type { Incident, IncidentHistory } from '../../../shared/protocol';
import { world } from '../../data/world';
import { IncidentLog } from './incidentLog';

export const incidentLog = new IncidentLog();

const history = world.history;
const reset = history.reset.bind(history);
const addLive = history.addLive.bind(history);
history.reset = (h: IncidentHistory | null, snapshotIncidents: readonly Incident[]) => {
  incidentLog.reset(h, snapshotIncidents);
  reset(h, snapshotIncidents);
};
history.addLive = (inc: Incident) => {
  incidentLog.addLive(inc);
  return addLive(inc);
};
