/** One sensor of the flood watch grid: a big coloured block in alarm or warning, a calm tile otherwise. */
import { memo } from 'react';
import type { DrainageSensor } from '../../../shared/protocol';
import type { Lang } from '../../config/settings';
import { DRAINAGE_HEX } from '../../theme/colors';
import { timeOfDay } from '../shell/format';
import { lowBattery, weakSignal, type Shown } from './model';
import { Sparkline } from './Sparkline';
import type { TrendBuffers } from './trend';
import { bindI18n, m2, type I18n } from './i18nBind';

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
export const Card = memo(function Card({ d, s, late, lang, trends, drawKey, stepNow, selected, onSelect }: CardProps) {
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
