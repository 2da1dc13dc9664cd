/** view=drainage: every sensor, grouped by district and catchment, worst first. */
import type { DrainageSensor } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { DRAINAGE_HEX } from '../../theme/colors';
import { useNow } from '../shell/TopBar';
import { district } from '../shell/format';
import { isLate } from './late';

type Shown = 'normal' | 'warning' | 'alarm' | 'late';

function shownState(d: DrainageSensor, now: number): Shown {
  // A late sensor's last "normal" says nothing about now; warning/alarm stay visible as such.
  if (d.state === 'normal' && isLate(d, now)) return 'late';
  return d.state;
}

/** Fill of the level against the alarm line, for sorting and the bar. */
function ratio(d: DrainageSensor): number {
  return d.alarmLevel > 0 ? d.level / d.alarmLevel : 0;
}

export function DrainagePage() {
  const { t, n, lang } = useI18n();
  useWall((s) => s.versions.drainage);
  useNow(5000);
  const now = serverNow();
  const groups = new Map<string, { district: string; catchment: string; sensors: DrainageSensor[]; worst: number }>();
  for (const d of world.table('drainage').values()) {
    const key = `${d.district}|${d.catchment}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { district: d.district, catchment: d.catchment, sensors: [], worst: 0 }));
    g.sensors.push(d);
    g.worst = Math.max(g.worst, ratio(d));
  }
  const sorted = [...groups.values()].sort((a, b) => b.worst - a.worst || a.district.localeCompare(b.district));
  for (const g of sorted) g.sensors.sort((a, b) => ratio(b) - ratio(a));
  const m = (v: number) => n(v, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

  return (
    <div className="drainage">
      {sorted.map((g) => (
        <section key={`${g.district}|${g.catchment}`} className="drain-group">
          <h2>
            {district(g.district, lang)} · <span className="muted">{t('drain.catchment')}</span> {g.catchment}
            <span className="muted"> ({n(g.sensors.length)})</span>
          </h2>
          <div className="drain-grid">
            {g.sensors.map((d) => {
              const s = shownState(d, now);
              const pct = Math.min(1.15, Math.max(0, ratio(d)));
              const warnPct = d.alarmLevel > 0 ? Math.min(1, d.warnLevel / d.alarmLevel) : 0;
              const age = Math.max(0, Math.round((now - d.reportedAt) / 1000));
              return (
                <article key={d.id} className={`drain-card st-${s}`} style={{ borderColor: DRAINAGE_HEX[s] }}>
                  <header>
                    <span className="drain-name">{d.name}</span>
                    <span className="drain-state" style={{ background: DRAINAGE_HEX[s] }}>
                      {t(`drain.${s}`)}
                    </span>
                  </header>
                  <div className="level-bar" title={`${t('drain.warnLine')} ${m(d.warnLevel)} m · ${t('drain.alarmLine')} ${m(d.alarmLevel)} m`}>
                    <span className="level-fill" style={{ width: `${(pct / 1.15) * 100}%`, background: DRAINAGE_HEX[s] }} />
                    <span className="line warn" style={{ left: `${(warnPct / 1.15) * 100}%` }} />
                    <span className="line alarm" style={{ left: `${(1 / 1.15) * 100}%` }} />
                  </div>
                  <div className="drain-figures">
                    <span>
                      {t('drain.level')} <b>{m(d.level)}</b> / {m(d.alarmLevel)} m
                    </span>
                    <span>
                      {t('drain.flow')} {n(d.flow, { maximumFractionDigits: 2 })} m³/s
                    </span>
                  </div>
                  <div className="drain-meta">
                    <span className={d.battery < 20 ? 'bad' : ''}>
                      {t('drain.battery')} {n(d.battery, { maximumFractionDigits: 0 })}%
                    </span>
                    <span className={d.signalDbm < -120 ? 'bad' : ''}>
                      {t('drain.signal')} {n(d.signalDbm, { maximumFractionDigits: 0 })} dBm
                    </span>
                    <span className={s === 'late' ? 'bad' : ''}>
                      {age < 120 ? t('drain.reported', { n: age }) : t('drain.reportedMin', { n: Math.floor(age / 60) })}
                    </span>
                  </div>
                </article>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}
