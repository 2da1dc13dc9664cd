/**
 * A drainage point at the console: level and flow over the last 24 hours with the warning and
 * alarm lines (the drainage view's chart, fed from a drainage.trend query), battery and signal.
 */
import { useMemo } from 'react';
import type { DrainageSensor, DrainageTrend } from '../../../shared/protocol';
import { EChart } from '../../charts/EChart';
import { useI18n } from '../../i18n';
import { DRAINAGE_HEX } from '../../theme/colors';
import { focusOption } from '../drainage/focusChart';
import { lowBattery, ratio, weakSignal } from '../drainage/model';
import { TrendBuffers } from '../drainage/trend';
import { useQuery } from './useServer';

const HOURS = 24;

export function SensorPane({ sensor, now }: { sensor: DrainageSensor; now: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  // A fresh answer every minute keeps the last point current.
  const minute = Math.floor(now / 60_000);
  const trend = useQuery<DrainageTrend>('drainage.trend', { hours: HOURS, sensorIds: [sensor.id] }, `${sensor.id}:${minute}`);
  const option = useMemo(() => {
    if (!trend) return null;
    const buffers = new TrendBuffers(Math.round((HOURS * 3600) / trend.stepS), 1);
    buffers.merge(trend);
    return focusOption({ sensor, shown: sensor.state, late: false, ratio: ratio(sensor) }, buffers, now, i18n);
    // Redrawn when a new answer arrives or the language changes.
  }, [trend, sensor, i18n.lang]);
  return (
    <div className="sensor-pane" data-testid="sensor-pane">
      <h3 style={{ color: DRAINAGE_HEX[sensor.state] }}>
        {t('con.sensor')} · {sensor.catchment} {sensor.name}
      </h3>
      <dl className="facts inline">
        <dt>{t('con.level')}</dt>
        <dd style={{ color: DRAINAGE_HEX[sensor.state] }}>
          {sensor.level.toFixed(2)} m / {sensor.alarmLevel.toFixed(2)} m
        </dd>
        <dt>{t('con.battery')}</dt>
        <dd className={lowBattery(sensor) ? 'bad' : ''}>{Math.round(sensor.battery)}%</dd>
        <dt>{t('con.signal')}</dt>
        <dd className={weakSignal(sensor) ? 'bad' : ''}>{Math.round(sensor.signalDbm)} dBm</dd>
      </dl>
      <div className="sensor-chart">{option && <EChart option={option} testId="console-sensor-chart" />}</div>
    </div>
  );
}
