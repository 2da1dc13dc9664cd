/**
 * view=console: the alarm queue for a duty officer. Keyboard first: ↑/↓ select, Enter opens
 * the acknowledgement (note optional), Enter sends, Esc cancels. Every command ends in a
 * visible result: the server's answer, its error code, or a local timeout/offline failure.
 */
import { useEffect, useRef, useState } from 'react';
import type { Alarm } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { streamClient } from '../../stream/client';
import { SEVERITY_HEX } from '../../theme/colors';
import { consoleQueue } from '../shell/alarms';
import { ago, district, timeOfDay } from '../shell/format';

interface Outcome {
  key: number;
  ok: boolean;
  text: string;
}

export function ConsolePage() {
  const { t, lang } = useI18n();
  useWall((s) => s.versions.alarms);
  const role = useWall((s) => s.settings?.role ?? 'wall');
  const queue = consoleQueue(world.table('alarms').values());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const noteRef = useRef<HTMLInputElement>(null);
  const selIndex = Math.max(0, queue.findIndex((a) => a.id === selectedId));
  const selected: Alarm | undefined = queue[selIndex];
  const now = serverNow();

  const send = async (alarm: Alarm, text: string) => {
    const client = streamClient();
    setPending(true);
    const payload: Record<string, unknown> = { alarmId: alarm.id };
    if (text.trim()) payload.note = text.trim().slice(0, 500);
    const r = client
      ? await client.sendCommand('alarm.ack', payload)
      : ({ ok: false, id: '', code: 'OFFLINE', message: '' } as const);
    setPending(false);
    setComposing(false);
    setNote('');
    const line: Outcome = r.ok
      ? { key: Date.now(), ok: true, text: t('console.ok', { title: alarm.title }) }
      : { key: Date.now(), ok: false, text: t('console.failed', { code: r.code, message: explain(r.code, r.message) }) };
    setOutcomes((o) => [line, ...o].slice(0, 6));
  };

  const explain = (code: string, message: string) => {
    const k = `cmd.${code}` as StringKey;
    const known = ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'BAD_REQUEST', 'UNKNOWN_COMMAND', 'INTERNAL', 'TIMEOUT', 'OFFLINE'].includes(code);
    return known ? `${t(k)}${message ? ` — ${message}` : ''}` : message;
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (pending) return;
      if (composing) {
        if (e.key === 'Escape') {
          setComposing(false);
          setNote('');
        }
        return; // the note field's own Enter handler sends
      }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const i = Math.min(queue.length - 1, Math.max(0, selIndex + (e.key === 'ArrowDown' ? 1 : -1)));
        setSelectedId(queue[i]?.id ?? null);
      } else if (e.key === 'Enter' && selected && selected.state === 'active') {
        e.preventDefault();
        setComposing(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    if (composing) noteRef.current?.focus();
  }, [composing]);

  useEffect(() => {
    document.querySelector('.queue li.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selIndex]);

  return (
    <div className="console">
      <section className="queue-pane">
        <h2>
          {t('console.queue')} <span className="muted">· {t('console.help')}</span>
        </h2>
        {queue.length === 0 ? (
          <p className="muted">{t('console.empty')}</p>
        ) : (
          <ol className="queue" role="listbox" aria-activedescendant={selected ? `alarm-${selected.id}` : undefined}>
            {queue.map((a, i) => (
              <li
                key={a.id}
                id={`alarm-${a.id}`}
                role="option"
                aria-selected={i === selIndex}
                className={`${i === selIndex ? 'selected' : ''} st-${a.state}`}
                style={{ borderLeftColor: SEVERITY_HEX[a.severity] }}
                onClick={() => setSelectedId(a.id)}
              >
                <span className="sev" style={{ color: SEVERITY_HEX[a.severity] }}>
                  {t(`sev.${a.severity}` as StringKey)}
                </span>
                <span className="alarm-title">{a.title}</span>
                <span className="alarm-src">{t(`src.${a.source}` as StringKey)}</span>
                <span className={`alarm-state st-${a.state}`}>{t(`alarm.${a.state}` as StringKey)}</span>
                <span className="alarm-meta">
                  {district(a.district, lang)} · {timeOfDay(lang, a.raisedAt)} · {ago(lang, a.raisedAt, now)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="detail-pane">
        <p className="muted">{t('console.role', { role })}</p>
        {selected && (
          <div className="detail">
            <h2 style={{ color: SEVERITY_HEX[selected.severity] }}>{selected.title}</h2>
            <p>
              {t(`src.${selected.source}` as StringKey)} · {district(selected.district, lang)} · {timeOfDay(lang, selected.raisedAt)}
            </p>
            {selected.ackBy && (
              <p className="muted">
                {t('alarm.acknowledged')}: {selected.ackBy} {selected.ackAt ? timeOfDay(lang, selected.ackAt) : ''} {selected.ackNote ?? ''}
              </p>
            )}
            {composing ? (
              <form
                className="ack-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void send(selected, note);
                }}
              >
                <label>
                  {t('console.note')}
                  <input ref={noteRef} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} disabled={pending} />
                </label>
                <div className="ack-buttons">
                  <button type="submit" disabled={pending}>
                    {pending ? t('console.sending') : t('console.send')}
                  </button>
                  <button type="button" onClick={() => setComposing(false)} disabled={pending}>
                    {t('console.cancel')}
                  </button>
                </div>
              </form>
            ) : (
              selected.state === 'active' && (
                <button className="ack-open" onClick={() => setComposing(true)}>
                  {t('console.ack')} (Enter)
                </button>
              )
            )}
          </div>
        )}
        <ul className="outcomes" aria-live="polite">
          {outcomes.map((o) => (
            <li key={o.key} className={o.ok ? 'ok' : 'fail'}>
              {o.text}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
