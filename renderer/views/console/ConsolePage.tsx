/**
 * view=console: the duty officer's workstation. Left, the alarm queue (filtered, grouped by
 * situation, most urgent first); middle, the selected alarm with its history and the incident
 * or sensor behind it; right, the alarm load and the city-management work orders.
 * Keyboard first: ↑/↓ select, Enter acknowledge (note optional, Enter sends, Esc cancels),
 * S acknowledge the whole situation, F reset the filters. Every command ends in a visible result.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ALARM_SEVERITIES, ALARM_SOURCES, type Alarm, type HistoryResult } from '../../../shared/protocol';
import { DISTRICT_CODES } from '../../../shared/geo';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { serverNow } from '../../stream/metrics';
import { SEVERITY_HEX } from '../../theme/colors';
import { ago, district, timeOfDay } from '../shell/format';
import { FreshMark } from '../../freshness/StaleMark';
import { HistoryList } from './HistoryList';
import { IncidentPane } from './IncidentPane';
import { SensorPane } from './SensorPane';
import { CityEventsPanel, LoadPanel } from './SidePanels';
import { DEFAULT_FILTER, buildQueue, flatten, newCritical, type QueueFilter } from './queue';
import { playCriticalCue } from './sound';
import { SideTabs, type SideTab } from './SideTabs';
import { useCommands, useQuery } from './useServer';
import { WallPane } from './WallPane';
import '../../styles/console.css';

const KNOWN_CODES = ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'BAD_REQUEST', 'UNKNOWN_COMMAND', 'INTERNAL', 'TIMEOUT', 'OFFLINE'];

/** Opens a camera in this window's camera view (the camera view reads `cameras` from the URL). */
export function openCamera(id: string): void {
  const q = new URLSearchParams(window.location.search);
  q.set('view', 'cameras');
  q.set('cameras', id);
  q.set('layout', '1');
  window.location.assign(`?${q.toString()}`);
}

export function ConsolePage() {
  const { t, lang } = useI18n();
  const alarmsVersion = useWall((s) => s.versions.alarms);
  useWall((s) => s.versions.incidents);
  useWall((s) => s.versions.drainage);
  const settings = useWall((s) => s.settings);
  const role = settings?.role ?? 'wall';
  const [filter, setFilter] = useState<QueueFilter>(DEFAULT_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const [note, setNote] = useState('');
  const [sound, setSound] = useState(settings?.sound ?? true);
  const [sideTab, setSideTab] = useState<SideTab>('load');
  const noteRef = useRef<HTMLInputElement>(null);
  const seenCritical = useRef<Set<string> | null>(null);

  // alarmsVersion stands for the table contents.
  const groups = useMemo(() => buildQueue(world.table('alarms').values(), filter), [alarmsVersion, filter]);
  const queue = flatten(groups);
  const selIndex = Math.max(0, queue.findIndex((a) => a.id === selectedId));
  // An alarm the officer is working on stays open after it leaves the filtered queue
  // (closed, cleared), so the outcome of the last action is still on screen.
  const pinned = selectedId && !queue.some((a) => a.id === selectedId) ? world.table('alarms').get(selectedId) : undefined;
  const selected: Alarm | undefined = pinned ?? queue[selIndex];
  const now = serverNow();

  const explain = useCallback(
    (code: string, message: string) =>
      t('con.fail', { code, message: KNOWN_CODES.includes(code) ? `${t(`cmd.${code}` as StringKey)}${message ? ` — ${message}` : ''}` : message }),
    [t],
  );
  const okText = useCallback((what: string) => t('con.ok', { what }), [t]);
  const { send, outcomes, pending } = useCommands(explain, okText);

  // The audible cue: consoles only, for each new critical alarm (not for those there at load).
  useEffect(() => {
    const first = seenCritical.current === null;
    seenCritical.current ??= new Set();
    const n = newCritical(world.table('alarms').values(), seenCritical.current, first);
    if (n > 0 && sound && role === 'console') playCriticalCue();
  }, [alarmsVersion, sound, role]);

  const ack = async (alarm: Alarm, text: string) => {
    const payload: Record<string, unknown> = { alarmId: alarm.id };
    if (text.trim()) payload.note = text.trim().slice(0, 500);
    await send('alarm.ack', payload, `${t('console.ack')} ${alarm.title}`);
    setComposing(false);
    setNote('');
  };
  const ackSituation = (alarm: Alarm) => {
    if (!alarm.situationId) return;
    void send('situation.ack', { situationId: alarm.situationId }, t('con.ackSituation'));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (pending) return;
      if (composing) {
        if (e.key === 'Escape') {
          setComposing(false);
          setNote('');
        }
        return; // the note field's own Enter sends
      }
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'BUTTON') && e.key === 'Enter') return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const i = Math.min(queue.length - 1, Math.max(0, selIndex + (e.key === 'ArrowDown' ? 1 : -1)));
        setSelectedId(queue[i]?.id ?? null);
      } else if (e.key === 'Enter' && selected && selected.state === 'active') {
        e.preventDefault();
        setComposing(true);
      } else if ((e.key === 's' || e.key === 'S') && selected?.situationId) {
        ackSituation(selected);
      } else if (e.key === 'f' || e.key === 'F') {
        setFilter(DEFAULT_FILTER);
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

  const historyKey = selected ? `${selected.id}:${selected.state}:${selected.severity}:${selected.raiseCount ?? 1}` : '';
  const history = useQuery<HistoryResult>('alarm.history', selected ? { alarmId: selected.id } : null, historyKey);
  const incident = selected?.source === 'incident' ? world.table('incidents').get(selected.sourceId) : undefined;
  const sensor = selected?.source === 'drainage' ? world.table('drainage').get(selected.sourceId) : undefined;

  const select = <K extends keyof QueueFilter>(key: K, options: readonly string[], label: StringKey, all: StringKey, optKey: (o: string) => string) => (
    <label>
      {t(label)}
      <select value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.target.value })} data-testid={`filter-${key}`}>
        <option value={key === 'state' ? 'open' : 'all'}>{t(all)}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optKey(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="console">
      <section className="queue-pane">
        <FreshMark element="console.queue" />
        <div className="filters">
          {select('severity', ALARM_SEVERITIES, 'con.filter.severity', 'con.all', (o) => t(`sev.${o}` as StringKey))}
          {select('source', ALARM_SOURCES, 'con.filter.source', 'con.all', (o) => t(`src.${o}` as StringKey))}
          {select('state', ['active', 'acknowledged', 'cleared'], 'con.filter.state', 'con.open', (o) => t(`alarm.${o}` as StringKey))}
          {select('district', DISTRICT_CODES, 'con.filter.district', 'con.all', (o) => district(o, lang))}
        </div>
        <h2>
          {t('console.queue')} <span className="count">{queue.length}</span>
        </h2>
        {queue.length === 0 ? (
          <p className="muted">{t('console.empty')}</p>
        ) : (
          <ol className="queue" role="listbox" aria-activedescendant={selected ? `alarm-${selected.id}` : undefined}>
            {groups.map((g) => (
              <li key={g.key} className={g.alarms.length > 1 ? 'situation' : 'single'} role="presentation">
                {g.alarms.length > 1 && <div className="situation-head">{t('con.situation', { n: g.alarms.length })}</div>}
                <ol>
                  {g.alarms.map((a) => (
                    <AlarmRow key={a.id} a={a} selected={a.id === selected?.id} now={now} onClick={() => setSelectedId(a.id)} />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
        <p className="keys muted">{t('con.keys')}</p>
      </section>

      <section className="detail-pane">
        <FreshMark element="console.detail" />
        {selected && (
          <div className="detail" data-testid="alarm-detail" data-alarm={selected.id} data-state={selected.state}>
            <h2 style={{ color: SEVERITY_HEX[selected.severity] }}>{selected.title}</h2>
            <p className="detail-meta">
              {t(`sev.${selected.severity}` as StringKey)} · {t(`src.${selected.source}` as StringKey)} · {district(selected.district, lang)} ·{' '}
              {timeOfDay(lang, selected.raisedAt)} · <span className={`alarm-state st-${selected.state}`}>{t(`alarm.${selected.state}` as StringKey)}</span>
              {selected.escalatedAt ? <span className="badge esc"> {t('con.escalated')}</span> : null}
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
                  void ack(selected, note);
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
              <div className="alarm-actions">
                {selected.state === 'active' && (
                  <button className="ack-open" onClick={() => setComposing(true)}>
                    {t('console.ack')} (Enter)
                  </button>
                )}
                {selected.situationId && (
                  <button onClick={() => ackSituation(selected)} disabled={pending}>
                    {t('con.ackSituation')} (S)
                  </button>
                )}
                {selected.state !== 'cleared' && (
                  <button className="quiet" disabled={pending} onClick={() => void send('alarm.clear', { alarmId: selected.id }, t('con.clear'))}>
                    {t('con.clear')}
                  </button>
                )}
              </div>
            )}
            <HistoryList entries={history?.entries ?? []} testId="alarm-history" />
            {incident && <IncidentPane incident={incident} send={send} pending={pending} openCamera={openCamera} />}
            {sensor && <SensorPane sensor={sensor} now={now} />}
          </div>
        )}
        <ul className="outcomes" aria-live="polite" data-testid="outcomes">
          {outcomes.map((o) => (
            <li key={o.key} className={o.ok ? 'ok' : 'fail'}>
              {o.text}
            </li>
          ))}
        </ul>
      </section>

      <aside className={`side-pane tab-${sideTab}`}>
        <FreshMark element="console.side" />
        <div className="console-who">
          <span>{t('con.operator', { name: settings?.operator ?? t('console.role', { role }) })}</span>
          <label className="sound-toggle">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} /> {t('con.sound')}
          </label>
        </div>
        <SideTabs tab={sideTab} onTab={setSideTab} />
        {sideTab === 'wall' ? (
          <WallPane />
        ) : (
          <>
            <LoadPanel refreshKey={String(Math.floor(alarmsVersion / 20))} />
            <CityEventsPanel send={send} pending={pending} selectedId={selected?.source === 'city-event' ? selected.sourceId : null} />
          </>
        )}
      </aside>
    </div>
  );
}

function AlarmRow({ a, selected, now, onClick }: { a: Alarm; selected: boolean; now: number; onClick: () => void }) {
  const { t, lang } = useI18n();
  return (
    <li
      id={`alarm-${a.id}`}
      role="option"
      aria-selected={selected}
      data-alarm={a.id}
      data-state={a.state}
      className={`${selected ? 'selected' : ''} st-${a.state}`}
      style={{ borderLeftColor: SEVERITY_HEX[a.severity] }}
      onClick={onClick}
    >
      <span className="sev" style={{ color: SEVERITY_HEX[a.severity] }}>
        {t(`sev.${a.severity}` as StringKey)}
        {a.escalatedAt ? ' ↑' : ''}
      </span>
      <span className="alarm-title">{a.title}</span>
      <span className="alarm-src">{t(`src.${a.source}` as StringKey)}</span>
      <span className={`alarm-state st-${a.state}`}>{t(`alarm.${a.state}` as StringKey)}</span>
      <span className="alarm-meta">
        {district(a.district, lang)} · {timeOfDay(lang, a.raisedAt)} · {ago(lang, a.raisedAt, now)}
        {(a.raiseCount ?? 1) > 1 && <span className="badge"> {t('con.raised', { n: a.raiseCount! })}</span>}
        {(a.suppressedCount ?? 0) > 0 && <span className="badge warn"> {t('con.suppressed', { n: a.suppressedCount! })}</span>}
      </span>
    </li>
  );
}
