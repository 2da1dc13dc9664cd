/** The shift lead's alarm load and the city-management work orders (派单 → 处置中 → 已办结). */
import type { AlarmStats, CityEvent } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { district, timeOfDay } from '../shell/format';
import { useQuery, type Send } from './useServer';

function minutes(s: number | null): string {
  return s === null ? '—' : s < 60 ? `${s} s` : `${(s / 60).toFixed(1)} min`;
}

export function LoadPanel({ refreshKey }: { refreshKey: string }) {
  const { t } = useI18n();
  const stats = useQuery<AlarmStats>('alarm.stats', { hours: 12 }, refreshKey, 30_000);
  if (!stats) return <section className="load-panel" />;
  const max = Math.max(1, ...stats.perHour);
  return (
    <section className="load-panel" data-testid="load-panel">
      <h3>{t('con.load')}</h3>
      <div className="load-figures">
        <div>
          <b className="num">{stats.active}</b>
          <span>{t('con.activeNow')}</span>
        </div>
        <div>
          <b className="num">{minutes(stats.ackP50S)}</b>
          <span>{t('con.ackP50')}</span>
        </div>
        <div>
          <b className="num">{minutes(stats.ackP90S)}</b>
          <span>{t('con.ackP90')}</span>
        </div>
        <div>
          <b className="num">{stats.situations}</b>
          <span>{t('con.situations')}</span>
        </div>
      </div>
      <p className="muted">{t('con.perHour')}</p>
      <div className="bars" aria-label={t('con.perHour')}>
        {stats.perHour.map((n, i) => (
          <div key={i} className="bar" style={{ height: `${(n / max) * 100}%` }} title={`${new Date(stats.from + i * 3_600_000).getHours()}:00 · ${n}`}>
            <span>{n || ''}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

const NEXT: Record<CityEvent['status'], 'in_progress' | 'closed' | null> = { assigned: 'in_progress', in_progress: 'closed', closed: null };

export function CityEventsPanel({ send, pending, selectedId }: { send: Send; pending: boolean; selectedId: string | null }) {
  const { t, lang } = useI18n();
  useWall((s) => s.versions['city-events']);
  const events = [...world.table('city-events').values()]
    .filter((e) => e.status !== 'closed' || e.id === selectedId)
    .sort((a, b) => (a.id === selectedId ? -1 : b.id === selectedId ? 1 : b.reportedAt - a.reportedAt))
    .slice(0, 12);
  return (
    <section className="events-panel" data-testid="city-events">
      <h3>{t('con.events')}</h3>
      <ul>
        {events.map((e) => {
          const next = NEXT[e.status];
          return (
            <li key={e.id} className={`${e.id === selectedId ? 'selected ' : ''}ce-${e.status}`}>
              <div className="ce-head">
                <span className={`ce-status ce-${e.status}`}>{t(`ce.${e.status}` as StringKey)}</span>
                <span className="ce-desc">{e.description}</span>
              </div>
              <div className="ce-meta muted">
                {district(e.district, lang)} · {timeOfDay(lang, e.reportedAt)} · {t('con.responsible')}: {e.responsible}
              </div>
              {next && (
                <button
                  disabled={pending}
                  onClick={() => void send('city-event.advance', { eventId: e.id, status: next }, `${t(`ce.${next}` as StringKey)} ${e.id}`)}
                >
                  {t(`con.advance.${next}` as StringKey)}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
