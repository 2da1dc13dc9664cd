/** The dashboard's two charts, on the shared EChart wrapper: dark, large labels, no decoration. */
import { useEffect, useMemo, useState } from 'react';
import { EChart, type ChartOption } from '../../charts/EChart';

const AXIS = '#8fa3bf';
const EDGE = '#1e3a5f';
const TEXT = '#e8eef7';
export const TODAY_HEX = '#38bdf8';
export const YESTERDAY_HEX = '#94a3b8';

/** Chart font size in px, following the page's type scale: readable on a 1080p monitor, a 4K one and a span of two. */
export function chartFontPx(width: number, height: number): number {
  return Math.round(Math.min(48, Math.max(16, Math.min(width * 0.0105, height * 0.019))));
}

export function useChartFont(): number {
  const [px, setPx] = useState(() => chartFontPx(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setPx(chartFontPx(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return px;
}

function grid(font: number) {
  const pad = Math.round(font * 0.4);
  return { left: pad, right: pad, top: pad, bottom: pad, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h));

export function CurveChart({
  today,
  yesterday,
  labels,
  font,
}: {
  today: number[];
  yesterday: number[];
  labels: { today: string; yesterday: string };
  font: number;
}) {
  const key = `${today.join(',')}|${yesterday.join(',')}|${labels.today}|${font}`;
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      animationDurationUpdate: 400,
      grid: grid(font),
      xAxis: {
        type: 'category',
        data: HOURS,
        axisLabel: { color: AXIS, fontSize: font * 0.85, interval: 2 },
        axisLine: { lineStyle: { color: EDGE, width: 2 } },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitNumber: 3,
        axisLabel: { color: AXIS, fontSize: font * 0.85 },
        splitLine: { lineStyle: { color: EDGE } },
      },
      series: [
        { name: labels.today, type: 'bar', data: today, barWidth: '60%', itemStyle: { color: TODAY_HEX, borderRadius: [3, 3, 0, 0] } },
        {
          name: labels.yesterday,
          type: 'line',
          data: yesterday,
          symbol: 'none',
          smooth: 0.25,
          lineStyle: { color: YESTERDAY_HEX, width: Math.max(2, font / 7), type: 'dashed' },
          itemStyle: { color: YESTERDAY_HEX },
          z: 3,
        },
      ],
    }),
    // Rebuilt only when the figures change (the key), not on every render.
    [key],
  );
  return <EChart option={option} testId="dash-curve" />;
}

export function PoliceChart({
  districts,
  series,
  font,
}: {
  districts: string[];
  series: { name: string; color: string; data: number[] }[];
  font: number;
}) {
  const key = `${districts.join(',')}|${series.map((s) => s.data.join(',')).join('|')}|${font}`;
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      animationDurationUpdate: 400,
      grid: grid(font),
      xAxis: {
        type: 'value',
        minInterval: 1,
        splitNumber: 3,
        axisLabel: { color: AXIS, fontSize: font * 0.8 },
        splitLine: { lineStyle: { color: EDGE } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: districts,
        axisLabel: { color: TEXT, fontSize: font * 0.85, interval: 0 },
        axisLine: { lineStyle: { color: EDGE, width: 2 } },
        axisTick: { show: false },
      },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        stack: 'units',
        data: s.data,
        barWidth: '62%',
        itemStyle: { color: s.color },
      })),
    }),
    // Rebuilt only when the figures change (the key), not on every render.
    [key],
  );
  return <EChart option={option} testId="dash-police-chart" />;
}
