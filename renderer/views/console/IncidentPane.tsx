/**
 * An incident at the console: place, category, priority, time, status history; the nearest
 * available units with distance and ETA (choose, dispatch, see them go); the nearest cameras
 * (open one); on scene and closure.
 */
import { useState } from 'react';
import type { HistoryResult, Incident, NearbyResult } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { PRIORITY_HEX, UNIT_STATUS_HEX } from '../../theme/colors';
import { district, timeOfDay } from '../shell/format';
import { HistoryList } from './HistoryList';
import { useQuery, type Send } from './useServer';
import { WallPushBar } from './WallPushBar';
import './incident.css';

export function IncidentPane({
  incident,
  send,
  pending,
  openCamera,
}: {
  incident: Incident;
  send: Send;
  pending: boolean;
  openCamera: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const [chosen, setChosen] = useState<string[]>([]);
  const [rev, setRev] = useState(0);
  const stateKey = `${incident.id}:${incident.status}:${incident.unitIds.join(',')}:${rev}`;
  const nearby = useQueryNearby(incident.id, stateKey);
  const history = useQueryHistory(incident.id, stateKey);
  const open = incident.status !== 'closed';
  const assigned = incident.unitIds.map((id) => world.table('units').get(id)).filter((u) => u !== undefined);

  const dispatch = async () => {
    if (chosen.length === 0) return;
    const ok = await send('incident.dispatch', { incidentId: incident.id, unitIds: chosen }, `${t('con.ev.dispatch')} ${chosen.length}`);
    if (ok) setChosen([]);
    setRev((r) => r + 1);
  };

  return (
    <div className="incident-pane" data-testid="incident-pane" data-incident={incident.id} data-status={incident.status}>
      <h3>{t('con.incident')}</h3>
      <dl className="facts">
        <dt>{t('con.place')}</dt>
        <dd>
          {district(incident.district, lang)} · {incident.address}
        </dd>
        <dt>{t('con.category')}</dt>
        <dd>
          {t(`dash.cat.${incident.category}` as StringKey)} — {incident.summary}
        </dd>
        <dt>{t('con.priority')}</dt>
        <dd style={{ color: PRIORITY_HEX[incident.priority] }}>P{incident.priority}</dd>
        <dt>{t('con.time')}</dt>
        <dd>{timeOfDay(lang, incident.reportedAt)}</dd>
        <dt>{t('con.status')}</dt>
        <dd className={`inc-status is-${incident.status}`} data-testid="incident-status">
          {t(`con.ev.${incident.status}` as StringKey)}
        </dd>
      </dl>
      {assigned.length > 0 && (
        <p className="assigned">
          {t('con.assigned')}:{' '}
          {assigned.map((u) => (
            <span key={u.id} className="unit-chip" style={{ borderColor: UNIT_STATUS_HEX[u.status] }}>
              {u.callsign} · {t(`status.${u.status}` as StringKey)}
            </span>
          ))}
        </p>
      )}
      {open && (
        <div className="incident-actions">
          <button disabled={pending || chosen.length === 0} onClick={() => void dispatch()} data-testid="dispatch">
            {chosen.length === 0 ? t('con.dispatchNone') : t('con.dispatch', { n: chosen.length })}
          </button>
          {incident.status === 'dispatched' && (
            <button disabled={pending} onClick={() => void send('incident.status', { incidentId: incident.id, status: 'on_scene' }, t('con.onScene'))}>
              {t('con.onScene')}
            </button>
          )}
          <button
            className="danger"
            disabled={pending}
            data-testid="close-incident"
            onClick={() => void send('incident.status', { incidentId: incident.id, status: 'closed' }, t('con.close'))}
          >
            {t('con.close')}
          </button>
        </div>
      )}
      <WallPushBar incident={incident} nearestCamera={(nearby?.cameras ?? []).find((c) => c.online) ?? null} />
      <div className="two-col">
        <section>
          <h4>{t('con.units')}</h4>
          <ul className="pick-list" data-testid="nearby-units">
            {(nearby?.units ?? []).map((u) => (
              <li key={u.id}>
                <label>
                  <input
                    type="checkbox"
                    disabled={!open}
                    checked={chosen.includes(u.id)}
                    onChange={(e) => setChosen((c) => (e.target.checked ? [...c, u.id] : c.filter((x) => x !== u.id)))}
                    data-unit={u.id}
                  />
                  <span className="callsign">{u.callsign}</span>
                  <span className="unit-status" style={{ color: UNIT_STATUS_HEX[u.status as keyof typeof UNIT_STATUS_HEX] }}>
                    {t(`status.${u.status}` as StringKey)}
                  </span>
                  <span className="num">{(u.distanceM / 1000).toFixed(1)} km</span>
                  <span className="num">{t('con.eta', { min: Math.max(1, Math.round(u.etaS / 60)) })}</span>
                </label>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h4>{t('con.cameras')}</h4>
          <ul className="pick-list" data-testid="nearby-cameras">
            {(nearby?.cameras ?? []).slice(0, 6).map((c) => (
              <li key={c.id} className={c.online ? '' : 'offline'}>
                <span className="cam-name">{c.name}</span>
                <span className="num">{c.distanceM} m</span>
                <button disabled={!c.online} onClick={() => openCamera(c.id)}>
                  {t('con.openCamera')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <HistoryList entries={history?.entries ?? []} testId="incident-history" />
    </div>
  );
}

function useQueryNearby(incidentId: string, key: string): NearbyResult | null {
  return useQuery<NearbyResult>('incident.nearby', { incidentId, limit: 8 }, key);
}
function useQueryHistory(incidentId: string, key: string): HistoryResult | null {
  return useQuery<HistoryResult>('incident.history', { incidentId }, key);
}
