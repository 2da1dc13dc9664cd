/** The focus sensor's chart: water level with its warning and alarm lines over the trend window, flow in its own pane. */
import type { ChartOption } from '../../charts/EChart';
import { DRAINAGE_HEX } from '../../theme/colors';
import { timeOfDay } from '../shell/format';
import type { SensorView } from './model';
import type { TrendBuffers } from './trend';
import { m2, type I18n } from './i18nBind';

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
