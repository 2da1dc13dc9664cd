/** view=dashboard: the big numbers, straight from the live tables. */
import { UNIT_STATUSES } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX, SEVERITY_HEX, UNIT_STATUS_HEX } from '../../theme/colors';
import { isLate } from '../drainage/late';

/** Midnight in China (UTC+8, no DST) for the day containing `ms`. */
export function chinaMidnight(ms: number): number {
  const offset = 8 * 3600_000;
  return Math.floor((ms + offset) / 86_400_000) * 86_400_000 - offset;
}

export function DashboardPage() {
  const { t, n } = useI18n();
  useWall((s) => s.versions);
  const now = serverNow();
  const today = chinaMidnight(now);
  const incidents = [...world.table('incidents').values()];
  // History already holds today's earlier incidents; live ones are appended to it as they arrive.
  let todayCount = 0;
  const h = world.history;
  for (let i = 0; i < h.count; i++) if (h.time[i]! >= today) todayCount++;
  const open = incidents.filter((i) => i.status !== 'closed').length;
  const unitCounts = world.units.statusCounts();
  const cams = [...world.table('cameras').values()];
  const camsOnline = cams.filter((c) => c.online).length;
  const drains = [...world.table('drainage').values()];
  const dNormal = drains.filter((d) => d.state === 'normal' && !isLate(d, now)).length;
  const dLate = drains.filter((d) => d.state === 'normal' && isLate(d, now)).length;
  const dWarn = drains.filter((d) => d.state === 'warning').length;
  const dAlarm = drains.filter((d) => d.state === 'alarm').length;
  const cityOpen = [...world.table('city-events').values()].filter((e) => e.status !== 'closed').length;
  const alarms = [...world.table('alarms').values()].filter((a) => a.state === 'active');
  const faceToday = [...world.table('face-hits').values()].filter((f) => f.time >= today).length;
  const bySeverity = (['critical', 'major', 'minor', 'info'] as const).map((s) => [s, alarms.filter((a) => a.severity === s).length] as const);

  return (
    <div className="dashboard">
      <Tile label={t('dash.incidentsToday')} value={n(todayCount)} />
      <Tile label={t('dash.incidentsOpen')} value={n(open)} accent={open > 0 ? '#f97316' : undefined} />
      <Tile label={t('dash.alarms')} value={n(alarms.length)} accent={alarms.length > 0 ? SEVERITY_HEX.critical : undefined}>
        <div className="chips">
          {bySeverity.map(([s, c]) => (
            <span key={s} className="chip" style={{ color: SEVERITY_HEX[s] }}>
              {t(`sev.${s}` as StringKey)} {n(c)}
            </span>
          ))}
        </div>
      </Tile>
      <Tile label={t('dash.faceHits')} value={n(faceToday)} />
      <Tile label={t('dash.units')} value={n(world.units.count)} wide>
        <div className="status-row">
          {UNIT_STATUSES.map((s, i) => (
            <div key={s} className="status-cell" style={{ borderTopColor: UNIT_STATUS_HEX[s] }}>
              <span className="status-cell-n" style={{ color: UNIT_STATUS_HEX[s] }}>
                {n(unitCounts[i] ?? 0)}
              </span>
              <span className="status-cell-l">{t(`status.${s}` as StringKey)}</span>
            </div>
          ))}
        </div>
      </Tile>
      <Tile label={t('dash.drainage')} value={n(drains.length)} wide>
        <div className="status-row">
          {(
            [
              ['drain.normal', dNormal, DRAINAGE_HEX.normal],
              ['drain.warning', dWarn, DRAINAGE_HEX.warning],
              ['drain.alarm', dAlarm, DRAINAGE_HEX.alarm],
              ['drain.late', dLate, DRAINAGE_HEX.late],
            ] as const
          ).map(([k, c, color]) => (
            <div key={k} className="status-cell" style={{ borderTopColor: color }}>
              <span className="status-cell-n" style={{ color }}>
                {n(c)}
              </span>
              <span className="status-cell-l">{t(k)}</span>
            </div>
          ))}
        </div>
      </Tile>
      <Tile label={t('dash.cameras')} value={n(camsOnline)} suffix={`/ ${n(cams.length)}`} wide>
        <div className="sub-figure">
          {t('dash.cameraRate')} <b>{cams.length ? n(camsOnline / cams.length, { style: 'percent', maximumFractionDigits: 1 }) : '—'}</b>
        </div>
      </Tile>
      <Tile label={t('dash.cityEvents')} value={n(cityOpen)} wide />
    </div>
  );
}

function Tile(props: {
  label: string;
  value: string;
  suffix?: string;
  accent?: string | undefined;
  wide?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <section className={`tile${props.wide ? ' wide' : ''}`}>
      <h2>{props.label}</h2>
      <div className="big" style={props.accent ? { color: props.accent } : undefined}>
        {props.value}
        {props.suffix && <small> {props.suffix}</small>}
      </div>
      {props.children}
    </section>
  );
}
