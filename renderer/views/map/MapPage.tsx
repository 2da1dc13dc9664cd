/** view=map: the situation map with a side panel of deployment, alarms and link state. */
import { UNIT_STATUSES } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { MapView } from '../../map/MapView';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX, PRIORITY_HEX, SEVERITY_HEX, UNIT_STATUS_HEX } from '../../theme/colors';
import { newestActive } from '../shell/alarms';
import { ago, district } from '../shell/format';
import { connectionErrorText } from '../shell/TopBar';

const PANEL_WIDTH_VW = 24;

export function MapPage() {
  return (
    <div className="map-page">
      <MapView rightInsetVw={PANEL_WIDTH_VW} />
      <SidePanel />
      <Legend />
    </div>
  );
}

function SidePanel() {
  const { t, n, lang } = useI18n();
  useWall((s) => s.versions.units);
  useWall((s) => s.versions.alarms);
  const connection = useWall((s) => s.connection);
  const error = useWall((s) => s.connectionError);
  const hello = useWall((s) => s.hello);
  const counts = world.units.statusCounts();
  const total = world.units.count;
  const alarms = newestActive(world.table('alarms').values(), 8);
  const activeTotal = [...world.table('alarms').values()].filter((a) => a.state === 'active').length;
  const now = serverNow();
  return (
    <aside className="side-panel" style={{ width: `${PANEL_WIDTH_VW}vw` }}>
      <section className="panel">
        <h2>
          {t('panel.units')}
          <span className="panel-total">
            {t('panel.unitsTotal')} <b>{n(total)}</b>
          </span>
        </h2>
        <ul className="status-list">
          {UNIT_STATUSES.map((s, i) => (
            <li key={s}>
              <span className="swatch" style={{ background: UNIT_STATUS_HEX[s] }} />
              <span className="status-name">{t(`status.${s}` as StringKey)}</span>
              <span className="status-bar">
                <span style={{ width: `${total ? ((counts[i] ?? 0) / total) * 100 : 0}%`, background: UNIT_STATUS_HEX[s] }} />
              </span>
              <b className="status-count">{n(counts[i] ?? 0)}</b>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel panel-alarms">
        <h2>
          {t('panel.alarms')}
          <span className="panel-total">
            <b className={activeTotal > 0 ? 'alert' : ''}>{n(activeTotal)}</b>
          </span>
        </h2>
        {alarms.length === 0 ? (
          <p className="muted">{t('panel.noAlarms')}</p>
        ) : (
          <ol className="alarm-list">
            {alarms.map((a) => (
              <li key={a.id} style={{ borderLeftColor: SEVERITY_HEX[a.severity] }}>
                <span className="sev" style={{ color: SEVERITY_HEX[a.severity] }}>
                  {t(`sev.${a.severity}` as StringKey)}
                </span>
                <span className="alarm-title">{a.title}</span>
                <span className="alarm-meta">
                  {district(a.district, lang)} · {ago(lang, a.raisedAt, now)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="panel panel-conn">
        <h2>{t('panel.connection')}</h2>
        <p className={`conn-line conn-${connection}`}>
          <span className="dot" /> {t(`conn.${connection}`)}
          {hello && connection === 'connected' && <span className="muted"> · {hello.serverVersion}</span>}
        </p>
        {connection !== 'connected' && error && <p className="conn-error">{connectionErrorText(t, error)}</p>}
      </section>
    </aside>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <div className="legend">
      <span className="legend-item">
        <span className="heat-swatch" /> {t('legend.heat')}
      </span>
      {([1, 2, 3] as const).map((p) => (
        <span key={p} className="legend-item">
          <span className="ring" style={{ background: PRIORITY_HEX[p] }} /> {t(`legend.priority${p}` as StringKey)}
        </span>
      ))}
      <span className="legend-item">
        <span className="dot-s" style={{ background: DRAINAGE_HEX.normal }} />
        <span className="dot-s" style={{ background: DRAINAGE_HEX.warning }} />
        <span className="dot-s" style={{ background: DRAINAGE_HEX.alarm }} /> {t('legend.drainage')}
      </span>
      <span className="legend-item">
        <span className="dot-s" style={{ background: '#cbd5e1' }} /> {t('legend.camera')}
      </span>
    </div>
  );
}
