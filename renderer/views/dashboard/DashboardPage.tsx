/**
 * view=dashboard: the figures a commander reads first, from the live tables. Counting lives
 * in metrics.ts (pure); each figure is recomputed only when its topic's version changes
 * (React renders at most once per frame), plus a one-second clock for waits and lateness.
 */
import { useEffect, useMemo, useState } from 'react';
import { DISTRICT_CODES, districtName } from '../../../shared/geo/districts';
import { CITY_EVENT_TYPES, INCIDENT_CATEGORIES, UNIT_STATUSES, type UnitStatus } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { metrics, serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX, UNIT_STATUS_HEX } from '../../theme/colors';
import { timeOfDay } from '../shell/format';
import { FreshMark } from '../../freshness/StaleMark';
import { CurveChart, PoliceChart, useChartFont } from './charts';
import { AnimateChanges, Num } from './Num';
import {
  HOUR_MS,
  cameraRates,
  chinaMidnight,
  countIncidents,
  countSince,
  drainageCounts,
  formatWait,
  latestSince,
  openCityEvents,
  policeStrength,
  twoRobberies,
  waitForm,
  waitingIncidents,
  type DrainageColour,
} from './metrics';
import '../../styles/dashboard.css';

const UP = '#f97316';
const DOWN = '#22c55e';
const WARN_RATE = 0.95;
const SETTLE_MS = 3000;

/** The topics behind the dashboard's figures. */
const DASH_TOPICS = ['incidents', 'units', 'cameras', 'drainage', 'city-events', 'face-hits'] as const;
/** When this window first saw data on each topic: a figure's first value is loading, not change. */
const firstSeen = new Map<string, number>();

/** True once every topic of the dashboard has had data for a few seconds. */
function dataSettled(now: number): boolean {
  let latest = 0;
  for (const t of DASH_TOPICS) {
    if (metrics.lastMessageAt[t] === null) return false;
    if (!firstSeen.has(t)) firstSeen.set(t, now);
    latest = Math.max(latest, firstSeen.get(t)!);
  }
  return now - latest > SETTLE_MS;
}

/** The backend's clock, sampled once a second. */
function useServerClock(): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const id = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export function DashboardPage() {
  const { t, n, lang } = useI18n();
  const vIncidents = useWall((s) => s.versions.incidents);
  const vHistory = useWall((s) => s.historyVersion);
  const vUnits = useWall((s) => s.versions.units);
  const vCameras = useWall((s) => s.versions.cameras);
  const vDrainage = useWall((s) => s.versions.drainage);
  const vCity = useWall((s) => s.versions['city-events']);
  const vFace = useWall((s) => s.versions['face-hits']);
  const clock = useServerClock();
  const minute = Math.floor(clock / 60_000);
  const font = useChartFont();

  // Keyed on topic versions: the tables are mutable, their versions say when they changed.
  const inc = useMemo(() => countIncidents(world.history, serverNow()), [vIncidents, vHistory, minute]);
  const waiting = useMemo(() => waitingIncidents(world.table('incidents').values()), [vIncidents]);
  const police = useMemo(() => policeStrength(world.table('units').values()), [vUnits]);
  const cams = useMemo(() => cameraRates(world.table('cameras').values()), [vCameras]);
  const drains = useMemo(() => drainageCounts(world.table('drainage').values(), clock), [vDrainage, clock]);
  const events = useMemo(() => openCityEvents(world.table('city-events').values()), [vCity]);
  const dayStart = chinaMidnight(clock);
  const faceToday = useMemo(() => countSince(world.table('face-hits').values(), (f) => f.time, dayStart), [vFace, dayStart]);
  const lastHit = useMemo(() => latestSince(world.table('face-hits').values(), (f) => f.time, dayStart), [vFace, dayStart]);

  const int = (v: number) => n(Math.round(v));
  const pct = (v: number) => n(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const robToday = twoRobberies(inc.today);
  const waitMs = waiting.oldestAt === null ? 0 : Math.max(0, clock - waiting.oldestAt);
  const currentHour = Math.min(23, Math.floor((inc.now - inc.dayStart) / HOUR_MS));
  const topUnits = events.byUnit.slice(0, 5);
  const restUnits = events.byUnit.length - topUnits.length;

  // The first seconds of data are loading, not change: no flashes then.
  const settled = dataSettled(Date.now());

  return (
    <AnimateChanges.Provider value={settled}>
      <div className="dash" data-testid="dashboard">
        {/* ── headline figures ── */}
        <section className="dtile kpi a-k1">
          <FreshMark element="dash.incidents" compact />
          <h2>{t('dash.incidentsToday')}</h2>
          <Num className="kpi-n" value={inc.today.total} format={int} testId="dash-incidents-today" />
          <Compare label={t('dash.vsYesterday')} now={inc.today.total} then={inc.yesterday.total} testId="dash-incidents-yesterday" coloured />
          <Compare label={t('dash.vsLastWeek')} now={inc.today.total} then={inc.lastWeek.total} testId="dash-incidents-lastweek" coloured />
        </section>
        <section className="dtile kpi a-k2">
          <FreshMark element="dash.incidents" compact />
          <h2>{t('dash.twoRobberies')}</h2>
          <Num className="kpi-n" value={robToday} format={int} testId="dash-robbery-today" />
          <Compare label={t('dash.vsYesterday')} now={robToday} then={twoRobberies(inc.yesterday)} testId="dash-robbery-yesterday" coloured />
          <Compare label={t('dash.vsLastWeek')} now={robToday} then={twoRobberies(inc.lastWeek)} testId="dash-robbery-lastweek" coloured />
        </section>
        <section className="dtile kpi a-k3">
          <FreshMark element="dash.waiting" compact />
          <h2>{t('dash.waiting')}</h2>
          <Num className="kpi-n" value={waiting.count} format={int} testId="dash-waiting" style={waiting.count > 0 ? { color: UP } : undefined} />
          <div className="kpi-sub">
            {t('dash.oldestWait')}{' '}
            <b data-testid="dash-oldest-wait" data-value={Math.floor(waitMs / 1000)} style={waitMs >= 5 * 60_000 ? { color: '#ef4444' } : undefined}>
              {waiting.oldestAt === null ? t('none') : formatWait(waitMs)}
            </b>
            {waiting.oldestAt !== null && <span className="unit"> {t(`dash.wait.${waitForm(waitMs)}`)}</span>}
          </div>
        </section>
        <section className="dtile kpi a-k4">
          <FreshMark element="dash.cameras" compact />
          <h2>{t('dash.cameraRate')}</h2>
          <Num
            className="kpi-n"
            value={cams.rate}
            format={pct}
            testId="dash-cameras-rate"
            style={cams.rate < WARN_RATE ? { color: '#facc15' } : undefined}
          />
          <div className="kpi-sub">
            {t('dash.cameras')} <Num value={cams.online} format={int} testId="dash-cameras-online" /> / <Num value={cams.total} format={int} testId="dash-cameras-total" />
          </div>
        </section>
        <section className="dtile kpi a-k5">
          <FreshMark element="dash.faceHits" compact />
          <h2>{t('dash.faceHits')}</h2>
          <Num className="kpi-n" value={faceToday} format={int} testId="dash-face-today" />
          <div className="kpi-sub">
            {t('dash.lastHit')} <b>{lastHit === null ? t('none') : timeOfDay(lang, lastHit).slice(0, 5)}</b>
          </div>
        </section>
        <section className="dtile kpi a-k6">
          <FreshMark element="dash.cityEvents" compact />
          <h2>{t('dash.cityEvents')}</h2>
          <Num className="kpi-n" value={events.total} format={int} testId="dash-events-open" />
          <div className="kpi-sub">
            {t('dash.assigned')} <Num value={events.assigned} format={int} testId="dash-events-assigned" /> · {t('dash.inProgress')}{' '}
            <Num value={events.inProgress} format={int} testId="dash-events-in-progress" />
          </div>
        </section>

        {/* ── 24-hour curve ── */}
        <section className="dtile a-curve">
          <FreshMark element="dash.incidents" />
          <h2>
            {t('dash.curve')}
            <span className="legend-inline">
              <i className="sw sw-today" /> {t('dash.today')} <i className="sw sw-yesterday" /> {t('dash.yesterday')}
            </span>
          </h2>
          <div className="chart-box">
            <CurveChart
              today={inc.hourlyToday.slice(0, currentHour + 1)}
              yesterday={inc.hourlyYesterday}
              labels={{ today: t('dash.today'), yesterday: t('dash.yesterday') }}
              font={font}
            />
          </div>
        </section>

        {/* ── by category ── */}
        <section className="dtile a-cat">
          <FreshMark element="dash.incidents" />
          <h2>{t('dash.byCategory')}</h2>
          <CompareTable
            head={[t('dash.category'), t('dash.today'), t('dash.vsYesterday'), t('dash.vsLastWeek')]}
            rows={INCIDENT_CATEGORIES.map((c, i) => ({
              key: c,
              label: t(`dash.cat.${c}` as StringKey),
              now: inc.today.byCategory[i]!,
              yesterday: inc.yesterday.byCategory[i]!,
              lastWeek: inc.lastWeek.byCategory[i]!,
              mark: c === 'robbery' || c === 'snatching',
            }))}
            testPrefix="dash-cat"
            format={int}
          />
        </section>

        {/* ── by district ── */}
        <section className="dtile a-dist">
          <FreshMark element="dash.incidents" />
          <h2>{t('dash.byDistrict')}</h2>
          <CompareTable
            head={[t('dash.district'), t('dash.today'), t('dash.vsYesterday'), t('dash.vsLastWeek')]}
            rows={DISTRICT_CODES.map((d, i) => ({
              key: d,
              label: districtName(d, lang),
              now: inc.today.byDistrict[i]!,
              yesterday: inc.yesterday.byDistrict[i]!,
              lastWeek: inc.lastWeek.byDistrict[i]!,
            }))}
            testPrefix="dash-district"
            format={int}
          />
        </section>

        {/* ── police strength ── */}
        <section className="dtile a-police">
          <FreshMark element="dash.units" />
          <h2>
            {t('dash.units')}
            <span className="h-total">
              {t('dash.unitsTotal')} <Num value={police.total} format={int} testId="dash-units-total" />
            </span>
          </h2>
          <div className="status-strip">
            {UNIT_STATUSES.map((s, i) => (
              <div key={s} className="strip-cell" style={{ borderTopColor: UNIT_STATUS_HEX[s] }}>
                <Num className="strip-n" value={police.city[i]!} format={int} testId={`dash-units-${s}`} style={{ color: UNIT_STATUS_HEX[s] }} />
                <span className="strip-l">{t(`status.${s}` as StringKey)}</span>
              </div>
            ))}
          </div>
          <div className="chart-box">
            <PoliceChart
              districts={DISTRICT_CODES.map((d) => districtName(d, lang))}
              series={UNIT_STATUSES.map((s: UnitStatus, i) => ({
                name: t(`status.${s}` as StringKey),
                color: UNIT_STATUS_HEX[s],
                data: police.byDistrict.map((row) => row[i]!),
              }))}
              font={font}
            />
          </div>
        </section>

        {/* ── drainage ── */}
        <section className="dtile a-drain">
          <FreshMark element="dash.drainage" compact />
          <h2>
            {t('dash.drainage')}
            <span className="h-total">
              <Num value={drains.total} format={int} testId="dash-drainage-total" />
            </span>
          </h2>
          <div className="drain-cells">
            {(['alarm', 'warning', 'late', 'normal'] as DrainageColour[]).map((c) => (
              <div key={c} className="strip-cell" style={{ borderTopColor: DRAINAGE_HEX[c] }}>
                <Num
                  className="strip-n"
                  value={drains[c]}
                  format={int}
                  testId={`dash-drainage-${c}`}
                  style={{ color: c === 'normal' || drains[c] > 0 ? DRAINAGE_HEX[c] : undefined }}
                />
                <span className="strip-l">{t(`dash.drain.${c}` as StringKey)}</span>
              </div>
            ))}
          </div>
        </section>

        {/* ── cameras: worst districts ── */}
        <section className="dtile a-cams">
          <FreshMark element="dash.cameras" compact />
          <h2>{t('dash.camerasWorst')}</h2>
          <ul className="rank">
            {cams.byDistrict.slice(0, 6).map((d) => (
              <li key={d.district} data-testid={`dash-cameras-district-${d.district}`} data-value={d.online}>
                <span className="rank-l">{districtName(d.district, lang)}</span>
                <b style={d.rate < WARN_RATE ? { color: '#facc15' } : undefined}>{pct(d.rate)}</b>
                <span className="rank-s">
                  {int(d.online)}/{int(d.total)}
                </span>
              </li>
            ))}
          </ul>
        </section>

        {/* ── city-management events ── */}
        <section className="dtile a-events">
          <FreshMark element="dash.cityEvents" />
          <h2>{t('dash.cityEvents')}</h2>
          <div className="events-cols">
            <div>
              <h3>{t('dash.byType')}</h3>
              <ul className="rank">
                {CITY_EVENT_TYPES.map((ty, i) => (
                  <li key={ty}>
                    <span className="rank-l">{t(`dash.evt.${ty}` as StringKey)}</span>
                    <Num value={events.byType[i]!} format={int} testId={`dash-events-${ty}`} />
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>{t('dash.byUnit')}</h3>
              <ul className="rank">
                {topUnits.map((u) => (
                  <li key={u.unit}>
                    <span className="rank-l" title={u.unit}>
                      {u.unit}
                    </span>
                    <Num value={u.count} format={int} />
                  </li>
                ))}
                {restUnits > 0 && <li className="rank-more">{t('dash.more', { n: int(restUnits) })}</li>}
              </ul>
            </div>
          </div>
        </section>
      </div>
    </AnimateChanges.Provider>
  );
}

/** "vs yesterday ▲ 12": the difference to a reference count; coloured where a rise is a warning. */
function Compare({ label, now, then, testId, coloured }: { label: string; now: number; then: number; testId: string; coloured?: boolean }) {
  const { n } = useI18n();
  const d = now - then;
  const colour = !coloured || d === 0 ? undefined : d > 0 ? UP : DOWN;
  return (
    <div className="kpi-sub">
      {label}{' '}
      <b data-testid={testId} data-value={then} data-diff={d} style={colour ? { color: colour } : undefined}>
        {d > 0 ? '▲' : d < 0 ? '▼' : '＝'} {n(Math.abs(d))}
      </b>
    </div>
  );
}

interface CompareRow {
  key: string;
  label: string;
  now: number;
  yesterday: number;
  lastWeek: number;
  mark?: boolean;
}

/** A marked rise: at least half again as many and at least three more. */
function notable(now: number, then: number): boolean {
  return now - then >= 3 && now >= then * 1.5;
}

function CompareTable({ head, rows, testPrefix, format }: { head: string[]; rows: CompareRow[]; testPrefix: string; format: (v: number) => string }) {
  const diff = (now: number, then: number) => {
    const d = now - then;
    return (
      <td className={`diff${notable(now, then) ? ' rise' : ''}`}>
        <span className="arrow">{d > 0 ? '▲' : d < 0 ? '▼' : '＝'}</span>
        {format(Math.abs(d))}
        <span className="ref">({format(then)})</span>
      </td>
    );
  };
  return (
    <table className="cmp">
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.mark ? 'mark' : undefined}>
            <th scope="row">{r.label}</th>
            <td className="now">
              <Num value={r.now} format={format} testId={`${testPrefix}-${r.key}`} />
            </td>
            {diff(r.now, r.yesterday)}
            {diff(r.now, r.lastWeek)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
