/** Title, clock, connection state and per-topic staleness: the same bar on every view. */
import { useEffect, useState } from 'react';
import { PROTOCOL_VERSION, TOPIC_EXPECTED_INTERVAL_MS } from '../../../shared/protocol';
import { useI18n, locale, type StringKey } from '../../i18n';
import { useWall, type ConnectionError } from '../../state/store';
import { staleTopics } from '../../stream/staleness';
import { metrics } from '../../stream/metrics';
import { clockTime } from '../../freshness/freshness';
import { linkStateSince } from '../../freshness/live';
import { HealthPanel } from '../../freshness/HealthPanel';

/** Chips that fit beside the title and the link state at 1080p; the rest are counted. */
const MAX_CHIPS = 2;

/** Keep-alives arrive every 2 s on every topic: 5 s without anything is already late. */
const DATA_AGE_LATE_MS = TOPIC_EXPECTED_INTERVAL_MS.units;

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function connectionErrorText(t: ReturnType<typeof useI18n>['t'], e: ConnectionError | null): string {
  if (!e) return '';
  if (e.code === 'PROTOCOL_VERSION') return t('err.PROTOCOL_VERSION', { ours: PROTOCOL_VERSION, theirs: e.supported?.join(', ') || '?' });
  const key = `err.${e.code}` as StringKey;
  const known = ['AUTH_REQUIRED', 'AUTH_INVALID', 'ROLE_FORBIDDEN', 'BAD_HANDSHAKE', 'UNREACHABLE', 'DISCONNECTED'].includes(e.code);
  return known ? `${t(key)}${e.code === 'UNREACHABLE' || e.code === 'DISCONNECTED' ? ` (${e.message})` : ''}` : `${e.code}: ${e.message}`;
}

export function TopBar({ viewKey }: { viewKey: StringKey }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const connection = useWall((s) => s.connection);
  const error = useWall((s) => s.connectionError);
  const lastMessageAt = useWall((s) => s.lastMessageAt);
  const demo = useWall((s) => s.hello?.demo ?? false);
  // Topics that had data and went silent, by age; a topic that never spoke is "waiting", not stale.
  const stale = staleTopics(lastMessageAt, now, null);
  const down = connection === 'reconnecting' || connection === 'offline';
  const downSince = down ? linkStateSince() : null;
  const hadData = metrics.firstDataAt !== null;
  const clock = new Date(now);
  const time = clock.toLocaleTimeString(locale(lang), { hour12: false, timeZone: 'Asia/Shanghai' });
  const date = clock.toLocaleDateString(locale(lang), { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', weekday: 'short' });
  return (
    <header className={`topbar conn-${connection}`}>
      <div className="topbar-title">
        <span className="emblem" aria-hidden="true" />
        <h1>{t('title')}</h1>
        <span className="topbar-view">{t(viewKey)}</span>
        {demo && <span className="badge demo">{t('conn.demo')}</span>}
      </div>
      {down && hadData ? (
        // Link down: every topic is stale, so one line says what the screen shows instead of a chip per topic.
        <div className="topbar-down" role="alert" data-testid="last-data">
          {t('banner.lastData')}
        </div>
      ) : (
        <div className="topbar-stale" role="status">
          {stale.slice(0, MAX_CHIPS).map((s) => (
            <span key={s.topic} className="stale-chip">
              {t('stale.topic', { topic: t(`topic.${s.topic}` as StringKey), n: s.ageS })}
            </span>
          ))}
          {stale.length > MAX_CHIPS && <span className="stale-chip">+{stale.length - MAX_CHIPS}</span>}
        </div>
      )}
      <div className="topbar-conn" data-testid="connection" data-state={connection}>
        <span className="dot" />
        <span className="conn-label">{t(`conn.${connection}`)}</span>
        {down && downSince !== null && (
          <span className="conn-since" data-testid="connection-since" data-since={downSince}>
            {t('conn.downSince', { t: clockTime(downSince) })}
          </span>
        )}
        {connection !== 'connected' && error && (
          // "Link down since" already says the link dropped: only the cause is added.
          <span className="conn-reason">{error.code === 'DISCONNECTED' ? `(${error.message})` : connectionErrorText(t, error)}</span>
        )}
        <DataAge now={now} />
      </div>
      <div className="topbar-clock">
        <span className="time">{time}</span>
        <span className="date">{date}</span>
      </div>
      <HealthPanel />
    </header>
  );
}

/** Age of the newest data of any topic: "数据 3 秒前"; amber once older than the quickest topic's interval. */
function DataAge({ now }: { now: number }) {
  const { t } = useI18n();
  let newest: number | null = null;
  for (const at of Object.values(metrics.lastMessageAt)) if (at !== null && (newest === null || at > newest)) newest = at;
  if (newest === null) return <span className="conn-age" data-testid="data-age">{t('conn.waiting')}</span>;
  const s = Math.max(0, Math.floor((now - newest) / 1000));
  return (
    <span className={`conn-age${s * 1000 > DATA_AGE_LATE_MS ? ' late' : ''}`} data-testid="data-age" data-age-s={s}>
      {s < 120 ? t('conn.dataAge', { n: s }) : t('conn.dataAgeMin', { n: Math.floor(s / 60) })}
    </span>
  );
}
