/** view=map: the situation map with its controls, legend, deployment panel, alarms and link state. */
import { useEffect } from 'react';
import { DISTRICTS, districtName } from '../../../shared/geo/districts';
import { INCIDENT_CATEGORIES, UNIT_STATUSES } from '../../../shared/protocol';
import type { PlaybackPeriod, Settings } from '../../config/settings';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { policeStrength } from '../../data/deployment';
import { ALL_CATEGORIES, HOUR_MS, WINDOWS, type HeatWindow } from '../../map/incidents';
import { LAYER_IDS, useMapUi } from '../../map/mapState';
import { MapView } from '../../map/MapView';
import { CAMERA_KIND_HEX } from '../../map/palette';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX, PRIORITY_HEX, SEVERITY_HEX, UNIT_STATUS_HEX } from '../../theme/colors';
import { newestActive } from '../shell/alarms';
import { ago, district } from '../shell/format';
import { connectionErrorText } from '../shell/TopBar';
import { tileHoldsSidePanel } from '../../wall/span';
import { StaleMarks } from '../../freshness/StaleMark';
import '../../styles/map.css';

const PANEL_WIDTH_VW = 24;

/** Each data layer says when it went stale; its last picture stays on the map. */
function MapStaleMarks() {
  return <StaleMarks elements={['map.incidents', 'map.units', 'map.cameras', 'map.drainage']} />;
}
const PLAYBACK_SPAN: Record<PlaybackPeriod, number> = { '24h': WINDOWS['24h'], '7d': WINDOWS['7d'], '30d': WINDOWS['30d'] };
/** One hour of history per second of wall time. */
const PLAYBACK_STEP_MS = 1000;

export function MapPage() {
  const settings = useWall((s) => s.settings);
  if (!settings) return <div className="map-page" />;
  // A map spanning several monitors shows its side panel once, on the tile that holds its area.
  const withPanel = tileHoldsSidePanel(settings.span);
  return (
    <div className="map-page">
      <MapView rightInsetVw={withPanel ? PANEL_WIDTH_VW : 0} settings={settings} />
      <MapControls initialPlayback={settings.playback} />
      <PlaybackClock />
      {withPanel && <SidePanel />}
      <Legend />
      <Popup />
      <BasemapError settings={settings} />
      <MapStaleMarks />
    </div>
  );
}

function startPlayback(period: PlaybackPeriod): void {
  const now = serverNow();
  const to = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = to - PLAYBACK_SPAN[period];
  useMapUi.getState().setPlayback({ from, to, at: from });
}

function MapControls({ initialPlayback }: { initialPlayback: PlaybackPeriod | null }) {
  const { t } = useI18n();
  const ui = useMapUi();
  const firstData = useWall((s) => s.historyVersion > 0);

  // `?playback=…`: start once history is there.
  useEffect(() => {
    if (initialPlayback && firstData && !useMapUi.getState().playback) startPlayback(initialPlayback);
  }, [initialPlayback, firstData]);

  // Advance an hour per step, looping over the period.
  const playing = ui.playback !== null;
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const p = useMapUi.getState().playback;
      if (!p) return;
      const next = p.at + HOUR_MS >= p.to ? p.from : p.at + HOUR_MS;
      useMapUi.getState().setPlayback({ ...p, at: next });
    }, PLAYBACK_STEP_MS);
    return () => clearInterval(id);
  }, [playing]);

  const catIndex = ui.categories === ALL_CATEGORIES ? -1 : Math.log2(ui.categories);
  return (
    <div className="map-controls" data-testid="map-controls">
      <div className="ctl-group" role="group" aria-label={t('map.layers')}>
        {LAYER_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className={`ctl ${ui.visible[id] ? 'on' : ''}`}
            aria-pressed={ui.visible[id]}
            data-testid={`layer-${id}`}
            onClick={() => ui.toggle(id)}
          >
            {t(`map.layer.${id}` as StringKey)}
          </button>
        ))}
      </div>
      <div className="ctl-group" role="group" aria-label={t('map.window')}>
        {(Object.keys(WINDOWS) as HeatWindow[]).map((w) => (
          <button
            key={w}
            type="button"
            className={`ctl ${ui.window === w && !playing ? 'on' : ''}`}
            aria-pressed={ui.window === w}
            data-testid={`window-${w}`}
            onClick={() => {
              ui.setPlayback(null);
              ui.setWindow(w);
            }}
          >
            {t(`map.window.${w}` as StringKey)}
          </button>
        ))}
      </div>
      <div className="ctl-group">
        <label className="ctl-label">
          {t('map.categories')}
          <select
            data-testid="category"
            value={catIndex}
            onChange={(e) => {
              const i = Number(e.target.value);
              ui.setCategories(i < 0 ? ALL_CATEGORIES : 1 << i);
            }}
          >
            <option value={-1}>{t('map.categories.all')}</option>
            {INCIDENT_CATEGORIES.map((c, i) => (
              <option key={c} value={i}>
                {t(`cat.${c}` as StringKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="ctl-group">
        {playing ? (
          <button type="button" className="ctl on" data-testid="playback-stop" onClick={() => ui.setPlayback(null)}>
            ■ {t('map.playback.stop')}
          </button>
        ) : (
          (['24h', '7d', '30d'] as const).map((p) => (
            <button key={p} type="button" className="ctl" data-testid={`playback-${p}`} onClick={() => startPlayback(p)}>
              ▶ {t('map.playback.period', { period: t(`map.window.${p}` as StringKey) })}
            </button>
          ))
        )}
      </div>
    </div>
  );
}

function PlaybackClock() {
  const { lang } = useI18n();
  const p = useMapUi((s) => s.playback);
  if (!p) return null;
  const d = new Date(p.at);
  const date = d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'Asia/Shanghai' });
  const hour = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
  const progress = (p.at - p.from) / Math.max(1, p.to - p.from);
  return (
    <div className="playback-clock" data-testid="playback-clock">
      <div className="pb-date">{date}</div>
      <div className="pb-time">{hour}</div>
      <div className="pb-bar">
        <span style={{ width: `${progress * 100}%` }} />
      </div>
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
  const counts = policeStrength(world.table('units').values());
  const total = counts.total;
  const alarms = newestActive(world.table('alarms').values(), 5);
  const activeTotal = [...world.table('alarms').values()].filter((a) => a.state === 'active').length;
  const now = serverNow();
  return (
    <aside className="side-panel" style={{ width: `${PANEL_WIDTH_VW}vw` }}>
      <section className="panel">
        <h2>
          {t('panel.units')}
          <span className="panel-total">
            {t('panel.unitsTotal')} <b data-testid="units-total">{n(total)}</b>
          </span>
        </h2>
        <ul className="status-list">
          {UNIT_STATUSES.map((s, i) => (
            <li key={s}>
              <span className="swatch" style={{ background: UNIT_STATUS_HEX[s] }} />
              <span className="status-name">{t(`status.${s}` as StringKey)}</span>
              <span className="status-bar">
                <span style={{ width: `${total ? ((counts.city[i] ?? 0) / total) * 100 : 0}%`, background: UNIT_STATUS_HEX[s] }} />
              </span>
              <b className="status-count" data-testid={`units-${s}`}>
                {n(counts.city[i] ?? 0)}
              </b>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel panel-districts">
        <h2>{t('map.byDistrict')}</h2>
        <table className="district-table" data-testid="units-by-district">
          <thead>
            <tr>
              <th>{t('map.district')}</th>
              {UNIT_STATUSES.map((s) => (
                <th key={s} style={{ color: UNIT_STATUS_HEX[s] }}>
                  {t(`status.${s}` as StringKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DISTRICTS.map((d, di) => (
              <tr key={d.adcode}>
                <td>{districtName(d.adcode, lang)}</td>
                {UNIT_STATUSES.map((s, si) => (
                  <td key={s} data-testid={`units-${d.adcode}-${s}`}>
                    {counts.byDistrict[di]![si]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
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
  const win = useMapUi((s) => s.window);
  const playing = useMapUi((s) => s.playback !== null);
  return (
    <div className="legend map-legend" data-testid="legend">
      <span className="legend-item">
        <span className="heat-swatch" /> {playing ? t('map.playback') : t(`map.window.${win}` as StringKey)} · {t('map.layer.heatmap')}
      </span>
      {([1, 2, 3] as const).map((p) => (
        <span key={p} className="legend-item">
          <span className="ring" style={{ background: PRIORITY_HEX[p] }} /> {t(`legend.priority${p}` as StringKey)}
        </span>
      ))}
      <span className="legend-item">
        {UNIT_STATUSES.map((s) => (
          <span key={s} className="arrow-s" style={{ borderBottomColor: UNIT_STATUS_HEX[s] }} />
        ))}
        {t('map.legend.units')} · <span className="stale-s" /> {t('map.legend.stale')}
      </span>
      <span className="legend-item">
        <span className="dot-s" style={{ background: DRAINAGE_HEX.normal }} />
        <span className="dot-s" style={{ background: DRAINAGE_HEX.warning }} />
        <span className="dot-s" style={{ background: DRAINAGE_HEX.alarm }} /> {t('legend.drainage')}
      </span>
      <span className="legend-item">
        <span className="dot-s" style={{ background: CAMERA_KIND_HEX.hd }} /> {t('cam.kind.hd')}
        <span className="dot-s" style={{ background: CAMERA_KIND_HEX.face }} /> {t('cam.kind.face')}
        <span className="dot-s" style={{ background: CAMERA_KIND_HEX.epolice }} /> {t('cam.kind.epolice')}
        <span className="dot-s offline-ring" /> {t('cam.offline')}
      </span>
    </div>
  );
}

function Popup() {
  const { t, lang } = useI18n();
  const sel = useMapUi((s) => s.selection);
  const select = useMapUi((s) => s.select);
  if (!sel) return null;
  return (
    <div className="map-popup panel" role="dialog" data-testid="map-popup">
      <button type="button" className="popup-close" aria-label={t('map.popup.close')} onClick={() => select(null)}>
        ×
      </button>
      <h2>{sel.item.name}</h2>
      {sel.kind === 'camera' ? (
        <dl>
          <dt>{t('map.popup.kind')}</dt>
          <dd>{t(`cam.kind.${sel.item.kind}` as StringKey)}</dd>
          <dt>{t('map.popup.district')}</dt>
          <dd>{districtName(sel.item.district, lang)}</dd>
          <dt>{t('map.popup.state')}</dt>
          <dd className={sel.item.online ? 'ok' : 'bad'}>{t(sel.item.online ? 'cam.online' : 'cam.offline')}</dd>
          <dd className="muted wide">{t('map.popup.video')}</dd>
        </dl>
      ) : (
        <dl>
          <dt>{t('map.popup.district')}</dt>
          <dd>{districtName(sel.item.district, lang)}</dd>
          <dt>{t('map.popup.level')}</dt>
          <dd>
            {sel.item.level.toFixed(2)} m / {sel.item.alarmLevel.toFixed(2)} m
          </dd>
        </dl>
      )}
    </div>
  );
}

function BasemapError({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const err = useMapUi((s) => s.basemapError);
  if (!err || settings.basemap === 'offline') return null;
  return (
    <div className="basemap-error" role="alert">
      {t('map.basemapError', { msg: err })}
    </div>
  );
}
