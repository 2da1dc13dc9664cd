/** On-screen diagnostics (diag=1 or Ctrl+Shift+D). Refreshes twice a second from wallDiagnostics(). */
import { useEffect, useState } from 'react';
import { TOPICS } from '../../shared/protocol';
import { useI18n } from '../i18n';
import { metrics } from '../stream/metrics';
import { clockTime } from '../freshness/freshness';
import '../freshness/freshness.css';
import { wallDiagnostics, type WallDiagnostics } from './report';

export function DiagnosticsOverlay() {
  const { t, n } = useI18n();
  const [d, setD] = useState<WallDiagnostics>(() => wallDiagnostics());
  useEffect(() => {
    const id = setInterval(() => setD(wallDiagnostics()), 500);
    return () => clearInterval(id);
  }, []);
  return (
    <aside className="diag" aria-label={t('diag.title')}>
      <h3>{t('diag.title')}</h3>
      <ul className="health" aria-label="wall health" data-testid="wall-health">
        {d.health.length === 0 ? (
          <li className="ok">✓ ok</li>
        ) : (
          d.health.map((h) => (
            <li key={h.what} className={h.state}>
              {h.what} {h.state}
              {h.since !== null ? ` ${clockTime(h.since)}` : ''}
              {h.detail ? ` · ${h.detail}` : ''}
            </li>
          ))
        )}
      </ul>
      {d.pc.windows.length > 0 && (
        <ul className="health" aria-label="pc health" data-testid="pc-health">
          {d.pc.windows.map((w) => (
            <li key={w.id} className={w.silent ? 'silent' : w.items.length > 0 ? 'stale' : 'ok'}>
              {w.label}: {w.silent ? `no report since ${clockTime(w.reportedAt)}` : w.items.length === 0 ? 'ok' : w.items.map((i) => `${i.what} ${i.state}`).join(', ')}
            </li>
          ))}
        </ul>
      )}
      <dl>
        <dt>FPS</dt>
        <dd>{n(d.fps)}</dd>
        <dt>frame p95</dt>
        <dd>{n(d.frameMsP95)} ms</dd>
        <dt>msg/s</dt>
        <dd>{n(d.messagesPerSecond)}</dd>
        <dt>rejected</dt>
        <dd className={d.rejected.total > 0 ? 'warn' : ''}>{n(d.rejected.total)}</dd>
        <dt>resyncs / dup</dt>
        <dd>
          {n(d.resyncs)} / {n(metrics.duplicates)}
        </dd>
        <dt>commands pending / failed</dt>
        <dd className={d.commands.failed > 0 ? 'warn' : ''}>
          {n(d.commands.pending)} / {n(d.commands.failed)}
        </dd>
        <dt>longest frame gap</dt>
        <dd>{n(d.longestFrameGapMs)} ms</dd>
        <dt>history</dt>
        <dd>{n(d.counts.history)}</dd>
      </dl>
      <table>
        <thead>
          <tr>
            <th>topic</th>
            <th>n</th>
            <th>seq</th>
            <th>age s</th>
          </tr>
        </thead>
        <tbody>
          {TOPICS.map((topic) => {
            const count =
              topic === 'city-events' ? d.counts.cityEvents : topic === 'face-hits' ? d.counts.faceHits : topic === 'wall' ? null : d.counts[topic];
            const age = d.lastMessageAgeMs[topic];
            return (
              <tr key={topic}>
                <td>{topic}</td>
                <td>{count === null ? '' : n(count)}</td>
                <td>{d.seq[topic]}</td>
                <td>{age === null ? '—' : n(age / 1000, { maximumFractionDigits: 1 })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {d.map && (
        <p className="diag-map">
          map {d.map.ready ? 'ready' : 'loading'} ·{' '}
          {Object.entries(d.map.layers)
            .map(([id, l]) => `${id}:${l.count}${l.visible ? '' : '(hidden)'}`)
            .join(' ')}
        </p>
      )}
      {d.rejected.recent.length > 0 && <p className="diag-reject">{d.rejected.recent[d.rejected.recent.length - 1]}</p>}
    </aside>
  );
}
