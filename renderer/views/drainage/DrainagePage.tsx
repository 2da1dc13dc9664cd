/**
 * view=drainage (flood watch): every sensor at once, grouped by district and catchment,
 * nearest to its alarm line first; red and yellow as big blocks, late sensors grey and
 * hatched; a large chart of the selected (else the worst) sensor with its lines.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DrainageSensor } from '../../../shared/protocol';
import { EChart } from '../../charts/EChart';
import { world } from '../../data/world';
import { useI18n } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { useNow } from '../shell/TopBar';
import { district, timeOfDay } from '../shell/format';
import '../../styles/drainage.css';
import { countShown, focusSensor, groupSensors, lowBattery, weakSignal, type Shown } from './model';
import { FreshMark } from '../../freshness/StaleMark';
import { TREND_VIEW_HOURS, TrendBuffers } from './trend';
import { watchDrainageTrend } from './trendQuery';
import { m2 } from './i18nBind';
import { Card } from './SensorCard';
import { focusOption } from './focusChart';
import { useFitTiles } from './useFitTiles';

/** Feeds every new report of the drainage table into the trend rings. */
function ingest(trends: TrendBuffers, seen: Map<string, number>, sensors: Iterable<DrainageSensor>): void {
  for (const d of sensors) {
    if (seen.get(d.id) === d.reportedAt) continue;
    seen.set(d.id, d.reportedAt);
    trends.note(d.id, d.reportedAt, d.level, d.flow);
  }
}

export function DrainagePage() {
  const i18n = useI18n();
  const { t, n, lang } = i18n;
  const settings = useWall((s) => s.settings);
  const version = useWall((s) => s.versions.drainage);
  useNow(1000);
  const now = serverNow();
  const trendsRef = useRef<TrendBuffers | null>(null);
  trendsRef.current ??= new TrendBuffers();
  const trends = trendsRef.current;
  const seen = useRef(new Map<string, number>());
  const [merges, setMerges] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [tilePx, setTilePx] = useState(0);
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!settings) return;
    return watchDrainageTrend(TREND_VIEW_HOURS, (tr) => {
      trends.merge(tr);
      setMerges((x) => x + 1);
    });
  }, [settings, trends]);

  const table = world.table('drainage');
  // New reports go into the rings before drawing (idempotent: keyed by report time).
  ingest(trends, seen.current, table.values());
  useEffect(() => {
    if (seen.current.size > table.size * 2 + 100) {
      const ids = new Set(table.keys());
      for (const id of seen.current.keys()) if (!ids.has(id)) seen.current.delete(id);
      trends.retain(ids);
    }
  }, [version, table, trends]);

  const groups = groupSensors(table.values(), now);
  const counts = countShown(groups);
  const focus = focusSensor(groups, selected);
  const stepNow = Math.floor(now / trends.stepMs) * trends.stepMs;
  const drawKey = `${merges}|${stepNow}|${tilePx}`;
  const layoutKey = groups.map((g) => `${g.key}:${g.sensors.length}:${g.counts.alarm}:${g.counts.warning}:${g.counts.late}`).join(',');
  useFitTiles(host, layoutKey, setTilePx);

  let rainMax: number | null = null;
  for (const g of groups) if (g.rainMmH !== null) rainMax = Math.max(rainMax ?? 0, g.rainMmH);

  const option = useMemo(
    () => (focus ? focusOption(focus, trends, now, i18n) : null),
    // Redrawn when the focus sensor reports, the trend merges, or the language changes.
    [focus?.sensor.id, focus?.sensor.reportedAt, focus?.shown, merges, stepNow, lang],
  );

  const summary: Shown[] = ['alarm', 'warning', 'late', 'normal'];
  return (
    <div className="fw">
      <div className="fw-summary" data-testid="drainage-summary">
        <FreshMark element="drainage.sensors" />
        {summary.map((s) => (
          <div key={s} className={`fw-count st-${s}${counts[s] > 0 ? ' some' : ''}`} data-testid={`count-${s}`} data-count={counts[s]}>
            <span className="fw-count-label">{t(`drain.${s}`)}</span>
            <b>{n(counts[s])}</b>
          </div>
        ))}
        <div className="fw-count fw-rain">
          <span className="fw-count-label">{t('drain.rainMax')}</span>
          <b>{rainMax === null ? '—' : n(rainMax, { maximumFractionDigits: 1 })}</b>
          <span className="fw-unit">mm/h</span>
        </div>
        <div className="fw-legend">
          <span>{t('drain.total', { n: n(table.size) })}</span>
          <span className="muted">{t('drain.order')}</span>
        </div>
      </div>
      <div className="fw-body">
        <aside className="fw-focus">
          <FreshMark element="drainage.focus" />
          {focus ? (
            <>
              <h2 className={`fw-focus-title st-${focus.shown}`}>
                <span className="fw-focus-badge">{t(`drain.${focus.shown}`)}</span>
                <span className="fw-focus-name">{focus.sensor.name}</span>
              </h2>
              <div className="fw-focus-sub muted">
                {district(focus.sensor.district, lang)} · {focus.sensor.catchment} · {focus.sensor.id} · {t('drain.trendHours', { n: TREND_VIEW_HOURS })}
              </div>
              <div className="fw-chart">{option && <EChart option={option} testId="drainage-focus-chart" />}</div>
              <dl className="fw-focus-figs">
                <div>
                  <dt>{t('drain.level')}</dt>
                  <dd>
                    <b>{m2(i18n, focus.sensor.level)}</b> m
                  </dd>
                </div>
                <div>
                  <dt>{t('drain.flow')}</dt>
                  <dd>
                    <b>{n(focus.sensor.flow, { maximumFractionDigits: 2 })}</b> m³/s
                  </dd>
                </div>
                <div>
                  <dt>{t('drain.rain')}</dt>
                  <dd>
                    <b>{focus.sensor.rainMmH === null ? '—' : n(focus.sensor.rainMmH, { maximumFractionDigits: 1 })}</b> mm/h
                  </dd>
                </div>
                <div>
                  <dt>{t('drain.warnLine')}</dt>
                  <dd>
                    <b>{m2(i18n, focus.sensor.warnLevel)}</b> m
                  </dd>
                </div>
                <div>
                  <dt>{t('drain.alarmLine')}</dt>
                  <dd>
                    <b>{m2(i18n, focus.sensor.alarmLevel)}</b> m
                  </dd>
                </div>
                <div className={lowBattery(focus.sensor) ? 'bad' : ''}>
                  <dt>{t('drain.battery')}</dt>
                  <dd>
                    <b>{n(focus.sensor.battery, { maximumFractionDigits: 0 })}</b> %
                  </dd>
                </div>
                <div className={weakSignal(focus.sensor) ? 'bad' : ''}>
                  <dt>{t('drain.signal')}</dt>
                  <dd>
                    <b>{focus.sensor.signalDbm}</b> dBm
                  </dd>
                </div>
                <div className={focus.late ? 'bad' : ''}>
                  <dt>{t('drain.reportedAt')}</dt>
                  <dd>
                    <b>{timeOfDay(lang, focus.sensor.reportedAt)}</b>
                  </dd>
                </div>
              </dl>
            </>
          ) : (
            <div className="fw-empty muted">{t('drain.none')}</div>
          )}
        </aside>
        <div className="fw-groups" ref={host}>
          {groups.map((g) => (
            <section key={g.key} className="fw-group" style={{ flexGrow: g.sensors.length + 3 * (g.counts.alarm + g.counts.warning) }}>
              <h2>
                <span>
                  {district(g.district, lang)} · {g.catchment}
                </span>
                <span className="fw-group-counts">
                  {g.counts.alarm > 0 && <span className="c-alarm">{n(g.counts.alarm)}</span>}
                  {g.counts.warning > 0 && <span className="c-warning">{n(g.counts.warning)}</span>}
                  {g.counts.late > 0 && <span className="c-late">{n(g.counts.late)}</span>}
                  <span className="muted">/{n(g.sensors.length)}</span>
                  {g.rainMmH !== null && g.rainMmH > 0 && (
                    <span className="fw-group-rain">
                      {n(g.rainMmH, { maximumFractionDigits: 1 })} mm/h
                    </span>
                  )}
                </span>
              </h2>
              <div className="fw-grid">
                {g.sensors.map((v) => (
                  <Card key={v.sensor.id} d={v.sensor} s={v.shown} late={v.late} lang={lang} trends={trends} drawKey={drawKey} stepNow={stepNow} selected={v.sensor.id === focus?.sensor.id} onSelect={setSelected} />
                ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
