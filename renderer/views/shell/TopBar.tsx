/** Title, clock, connection state and per-topic staleness: the same bar on every view. */
import { useEffect, useState } from 'react';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { useI18n, locale, type StringKey } from '../../i18n';
import { useWall, type ConnectionError } from '../../state/store';
import { staleTopics } from '../../stream/staleness';

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
  const since = useWall((s) => s.connectedSince);
  const demo = useWall((s) => s.hello?.demo ?? false);
  // While not connected every topic is stale by definition; still list them by age.
  const stale = staleTopics(lastMessageAt, now, since);
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
      <div className="topbar-stale" role="status">
        {stale.slice(0, 4).map((s) => (
          <span key={s.topic} className="stale-chip">
            {t('stale.topic', { topic: t(`topic.${s.topic}` as StringKey), n: s.ageS })}
          </span>
        ))}
        {stale.length > 4 && <span className="stale-chip">+{stale.length - 4}</span>}
      </div>
      <div className="topbar-conn" data-testid="connection" data-state={connection}>
        <span className="dot" />
        <span className="conn-label">{t(`conn.${connection}`)}</span>
        {connection !== 'connected' && error && <span className="conn-reason">{connectionErrorText(t, error)}</span>}
      </div>
      <div className="topbar-clock">
        <span className="time">{time}</span>
        <span className="date">{date}</span>
      </div>
    </header>
  );
}
