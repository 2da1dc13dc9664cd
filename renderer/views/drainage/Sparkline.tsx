/** A cheap per-card sparkline on a <canvas>, drawn from the trend's typed arrays. */
import { memo, useEffect, useRef } from 'react';
import type { TrendBuffers } from './trend';

interface Props {
  id: string;
  trends: TrendBuffers;
  /** Changes whenever the series may have changed (report time, merge count). */
  drawKey: string;
  now: number;
  warnLevel: number;
  alarmLevel: number;
  color: string;
}

const scratch = new Float32Array(512);

export const Sparkline = memo(function Sparkline({ id, trends, drawKey, now, warnLevel, alarmLevel, color }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(c.clientWidth * dpr));
    const h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    const g = c.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, w, h);
    const n = trends.capacity;
    const s = trends.series(id, now, 'level', n <= scratch.length ? scratch.subarray(0, n) : undefined);
    let max = alarmLevel * 1.1;
    for (let i = 0; i < n; i++) if (s[i]! > max) max = s[i]!;
    const y = (v: number) => h - 1 - (v / max) * (h - 2);
    const x = (i: number) => (i / (n - 1)) * w;
    g.lineWidth = Math.max(1, dpr);
    g.setLineDash([3 * dpr, 3 * dpr]);
    g.strokeStyle = 'rgba(250, 204, 21, 0.55)';
    g.beginPath();
    g.moveTo(0, y(warnLevel));
    g.lineTo(w, y(warnLevel));
    g.stroke();
    g.strokeStyle = 'rgba(239, 68, 68, 0.7)';
    g.beginPath();
    g.moveTo(0, y(alarmLevel));
    g.lineTo(w, y(alarmLevel));
    g.stroke();
    g.setLineDash([]);
    g.strokeStyle = color;
    g.lineWidth = 1.6 * dpr;
    g.beginPath();
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = s[i]!;
      if (Number.isNaN(v)) {
        // A gap where the sensor did not report.
        pen = false;
        continue;
      }
      if (pen) g.lineTo(x(i), y(v));
      else g.moveTo(x(i), y(v));
      pen = true;
    }
    g.stroke();
  }, [id, trends, drawKey, now, warnLevel, alarmLevel, color]);
  return <canvas ref={ref} className="fw-spark" />;
});
