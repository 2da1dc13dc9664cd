/**
 * view=drainage (flood watch): every sensor at once, grouped by district and catchment,
 * nearest to its alarm line first; red and yellow as big blocks, late sensors grey and
 * hatched; a large chart of the selected (else the worst) sensor with its lines.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { DrainageSensor } from '../../../shared/protocol';
import { EChart, type ChartOption } from '../../charts/EChart';
import { world } from '../../data/world';
import type { Lang } from '../../config/settings';
import { formatNumber, translate, useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX } from '../../theme/colors';
import { useNow } from '../shell/TopBar';
import { district, timeOfDay } from '../shell/format';
import '../../styles/drainage.css';
import { countShown, focusSensor, groupSensors, lowBattery, weakSignal, type SensorView, type Shown } from './model';
import { Sparkline } from './Sparkline';
import { FreshMark } from '../../freshness/StaleMark';
import { TREND_VIEW_HOURS, TrendBuffers } from './trend';
import { watchDrainageTrend } from './trendQuery';

type I18n = ReturnType<typeof useI18n>;

function bindI18n(lang: Lang): I18n {
  return {
    lang,
    t: (key: StringKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
    n: (v: number, opts?: Intl.NumberFormatOptions) => formatNumber(lang, v, opts),
  };
}

/** Feeds every new report of the drainage table into the trend rings. */
function ingest(trends: TrendBuffers, seen: Map<string, number>, sensors: Iterable<DrainageSensor>): void {
  for (const d of sensors) {
    if (seen.get(d.id) === d.reportedAt) continue;
    seen.set(d.id, d.reportedAt);
    trends.note(d.id, d.reportedAt, d.level, d.flow);
  }
}

const m2 = (i: I18n, v: number) => i.n(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function Flags({ d, i18n }: { d: DrainageSensor; i18n: I18n }) {
  const bat = lowBattery(d);
  const sig = weakSignal(d);
  if (!bat && !sig) return null;
  return (
    <span className="fw-flags">
      {bat && (
        <span className="fw-flag" data-flag="battery" title={`${i18n.t('drain.battery')} ${i18n.n(d.battery, { maximumFractionDigits: 0 })}%`}>
          <i className="fw-ico-bat" />
          {i18n.n(d.battery, { maximumFractionDigits: 0 })}%
        </span>
      )}
      {sig && (
        <span className="fw-flag" data-flag="signal" title={`${i18n.t('drain.signal')} ${d.signalDbm} dBm`}>
          <i className="fw-ico-sig" />
          {i18n.t('drain.weakSignal')}
        </span>
      )}
    </span>
  );
}

interface CardProps {
  d: DrainageSensor;
  s: Shown;
  late: boolean;
  lang: Lang;
  trends: TrendBuffers;
  drawKey: string;
  stepNow: number;
  selected: boolean;
  onSelect: (id: string) => void;
}

/** Memoised on plain props: a card re-renders only when its sensor, state or the trend window changes. */
const Card = memo(function Card({ d, s, late, lang, trends, drawKey, stepNow, selected, onSelect }: CardProps) {
  const i18n = bindI18n(lang);
  const big = s === 'alarm' || s === 'warning';
  const short = d.name.replace(/雨水检查井\s*/, ' ');
  return (
    <article
      className={`fw-card st-${s}${big ? ' big' : ''}${late ? ' is-late' : ''}${selected ? ' selected' : ''}`}
      data-testid={`sensor-${d.id}`}
      data-state={s}
      data-late={late ? '1' : '0'}
      onClick={() => onSelect(d.id)}
      title={`${d.name} · ${d.id}`}
    >
      <header>
        {big && (
          <span className="fw-badge">
            {i18n.t(`drain.${s}`)}
            {late && <span className="fw-badge-late"> · {i18n.t('drain.late')}</span>}
          </span>
        )}
        <span className="fw-name">{big ? d.name : short}</span>
        <Flags d={d} i18n={i18n} />
      </header>
      {s === 'late' ? (
        <div className="fw-late">
          <b>{i18n.t('drain.late')}</b>
          <span>{i18n.t('drain.lastReport', { t: timeOfDay(i18n.lang, d.reportedAt) })}</span>
        </div>
      ) : (
        <div className="fw-level">
          <b>{m2(i18n, d.level)}</b>
          <span className="fw-unit">{big ? ` / ${m2(i18n, d.alarmLevel)} m` : ' m'}</span>
        </div>
      )}
      {big && (
        <div className="fw-figs">
          <span>
            {i18n.t('drain.flow')} {i18n.n(d.flow, { maximumFractionDigits: 2 })} m³/s
          </span>
          {d.rainMmH !== null && (
            <span>
              {i18n.t('drain.rain')} {i18n.n(d.rainMmH, { maximumFractionDigits: 1 })} mm/h
            </span>
          )}
          {late && <span>{i18n.t('drain.lastReport', { t: timeOfDay(i18n.lang, d.reportedAt) })}</span>}
        </div>
      )}
      <Sparkline
        id={d.id}
        trends={trends}
        drawKey={`${drawKey}|${d.reportedAt}`}
        now={stepNow}
        warnLevel={d.warnLevel}
        alarmLevel={d.alarmLevel}
        color={s === 'late' ? '#cbd5e1' : big ? '#0b1220' : DRAINAGE_HEX.normal}
      />
    </article>
  );
});

export function focusOption(v: SensorView, trends: TrendBuffers, now: number, i18n: I18n): ChartOption {
  const d = v.sensor;
  const n = trends.capacity;
  const level = trends.series(d.id, now, 'level');
  const flow = trends.series(d.id, now, 'flow');
  const last = Math.floor(now / trends.stepMs);
  const times: string[] = [];
  const lv: (number | null)[] = [];
  const fl: (number | null)[] = [];
  for (let k = 0; k < n; k++) {
    times.push(timeOfDay(i18n.lang, (last - n + 1 + k) * trends.stepMs).slice(0, 5));
    lv.push(Number.isNaN(level[k]!) ? null : Math.round(level[k]! * 1000) / 1000);
    fl.push(Number.isNaN(flow[k]!) ? null : Math.round(flow[k]! * 1000) / 1000);
  }
  const colour = DRAINAGE_HEX[v.shown];
  const axisLabel = { color: '#8fa3bf' };
  const fs = Math.round(Math.max(13, Math.min(34, window.innerWidth * 0.0085)));
  return {
    animation: false,
    backgroundColor: 'transparent',
    // Level and flow in separate panes: on one pane with two scales the flow line lands on
    // the alarm line and reads, from across the room, as water at the line.
    grid: [
      { left: fs * 3.4, right: fs * 1.2, top: fs * 2.6, height: '52%' },
      { left: fs * 3.4, right: fs * 1.2, bottom: fs * 2.2, height: '20%' },
    ],
    legend: { top: 0, left: 'center', textStyle: { color: '#e8eef7', fontSize: fs }, itemWidth: fs * 1.4, itemHeight: fs * 0.7 },
    tooltip: { trigger: 'axis' },
    xAxis: [
      { type: 'category', gridIndex: 0, data: times, boundaryGap: false, axisLabel: { show: false }, axisLine: { lineStyle: { color: '#1e3a5f' } } },
      { type: 'category', gridIndex: 1, data: times, boundaryGap: false, axisLabel: { ...axisLabel, fontSize: fs, interval: 11 }, axisLine: { lineStyle: { color: '#1e3a5f' } } },
    ],
    yAxis: [
      {
        type: 'value',
        name: 'm',
        min: 0,
        max: (e: { max: number }) => Math.ceil(Math.max(e.max, d.alarmLevel * 1.15) * 10) / 10,
        nameTextStyle: { color: '#8fa3bf', fontSize: fs },
        axisLabel: { ...axisLabel, fontSize: fs },
        splitLine: { lineStyle: { color: 'rgba(30,58,95,0.5)' } },
      },
      {
        type: 'value',
        gridIndex: 1,
        name: 'm³/s',
        min: 0,
        splitNumber: 2,
        nameTextStyle: { color: '#8fa3bf', fontSize: fs },
        axisLabel: { ...axisLabel, fontSize: fs },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: i18n.t('drain.level'),
        type: 'line',
        data: lv,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: Math.max(2, fs / 6), color: colour },
        itemStyle: { color: colour },
        areaStyle: { color: colour, opacity: 0.15 },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { color: '#e8eef7', fontSize: fs * 0.85, position: 'insideStartTop' },
          data: [
            { yAxis: d.warnLevel, name: i18n.t('drain.warnLine'), lineStyle: { color: DRAINAGE_HEX.warning, type: 'dashed', width: 2 }, label: { formatter: `${i18n.t('drain.warnLine')} ${m2(i18n, d.warnLevel)} m` } },
            { yAxis: d.alarmLevel, name: i18n.t('drain.alarmLine'), lineStyle: { color: DRAINAGE_HEX.alarm, type: 'dashed', width: 2 }, label: { formatter: `${i18n.t('drain.alarmLine')} ${m2(i18n, d.alarmLevel)} m` } },
          ],
        },
      },
      {
        name: i18n.t('drain.flow'),
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: fl,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: Math.max(1.5, fs / 9), color: '#a5b4fc' },
        itemStyle: { color: '#a5b4fc' },
      },
    ],
  };
}

/** How tall the groups' content is against the room it has (1 = exactly full). */
function fill(el: HTMLElement): number {
  let bottom = 0;
  for (const c of el.children) {
    const h = c as HTMLElement;
    bottom = Math.max(bottom, h.offsetTop + h.offsetHeight);
  }
  return (bottom - el.offsetTop) / Math.max(1, el.clientHeight);
}

/**
 * Tile size (px) at which every group fits the screen: content area scales with the square
 * of the tile, so a few measured steps converge; kept cheap (one layout per step) because it
 * runs whenever a sensor changes between small and big.
 */
function useFitTiles(host: React.RefObject<HTMLDivElement | null>, layoutKey: string, onTile: (px: number) => void): void {
  const [size, setSize] = useState({ w: 0, h: 0 });
  const tile = useRef(64);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [host]);
  useEffect(() => {
    const el = host.current;
    if (!el || size.w === 0) return;
    // After the state change has been committed (and usually painted): a sensor turning red
    // shows at once, the tiles settle to their new size a moment later.
    const timer = setTimeout(() => {
      // Bisection on the tile size: the fill jumps where groups wrap onto a new row, which
      // a proportional step overshoots and then settles far below the best size.
      const max = Math.max(24, Math.min(size.w / 6, size.h / 3));
      let lo = 24;
      let hi = max;
      for (let i = 0; i < 8 && hi - lo > 1; i++) {
        const mid = (lo + hi) / 2;
        el.style.setProperty('--tile', `${mid}px`);
        if (fill(el) <= 1) lo = mid;
        else hi = mid;
      }
      const chosen = Math.floor(lo);
      el.style.setProperty('--tile', `${chosen}px`);
      if (chosen !== tile.current) {
        tile.current = chosen;
        onTile(chosen);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [host, size, layoutKey, onTile]);
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
