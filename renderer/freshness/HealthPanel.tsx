/**
 * The wall health panel: what is stale, disconnected or failing on every window of this PC,
 * and which windows stopped reporting. A wall must not be covered by debug panels, so it
 * stays hidden while everything is fine and appears by itself, small, in the bottom-right
 * corner when another window has a problem (this window's own problems are marked where
 * they are). Ctrl+Shift+H cycles: automatic → always shown → hidden → automatic.
 */
import { useEffect, useState } from 'react';
import { useI18n, type StringKey } from '../i18n';
import { localHealth } from '../diagnostics/report';
import { ELEMENTS, isElementId } from './contract';
import { clockTime, type HealthItem } from './freshness';
import { pcDiagnostics, type PcDiagnostics } from './healthBroadcast';
import { peerHasProblem } from './pcHealth';
import './freshness.css';

type Mode = 'auto' | 'open' | 'hidden';
const NEXT: Record<Mode, Mode> = { auto: 'open', open: 'hidden', hidden: 'auto' };
const ITEMS_PER_WINDOW = 4;

const STATE_ORDER: Record<HealthItem['state'], number> = { disconnected: 0, failing: 1, stale: 2 };

/** The link first, then failures, then what went stale first. */
function ordered(items: readonly HealthItem[]): HealthItem[] {
  return [...items].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.since ?? Infinity) - (b.since ?? Infinity));
}

interface Snapshot {
  own: HealthItem[];
  pc: PcDiagnostics;
}

export function HealthPanel() {
  const { t, lang } = useI18n();
  const [mode, setMode] = useState<Mode>('auto');
  const [snap, setSnap] = useState<Snapshot>(() => ({ own: localHealth(), pc: pcDiagnostics() }));
  useEffect(() => {
    const id = setInterval(() => setSnap({ own: localHealth(), pc: pcDiagnostics() }), 1000);
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && (e.key === 'H' || e.key === 'h')) {
        e.preventDefault();
        setMode((m) => NEXT[m]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearInterval(id);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const others = snap.pc.windows;
  const problems = others.some(peerHasProblem);
  if (mode === 'hidden' || (mode === 'auto' && !problems)) return null;

  const itemText = (i: HealthItem): string => {
    const at = i.since === null ? '' : clockTime(i.since);
    const name = i.what === 'link' ? '' : isElementId(i.what) ? ELEMENTS[i.what].label[lang === 'en' ? 'en' : 'zh'] : i.what;
    const state =
      i.state === 'failing'
        ? `${t('health.failing')}${i.detail ? ` (${i.detail})` : ''}`
        : i.since === null
          ? t(`health.${i.state}` as StringKey, { t: '—' })
          : t(`health.${i.state}` as StringKey, { t: at });
    return name ? `${name} · ${state}` : state;
  };

  const rows = [
    { key: 'self', label: `${snap.pc.self.label} (${t('health.thisWindow')})`, silent: false, silentSince: 0, items: snap.own },
    ...others.map((w) => ({ key: w.id, label: w.label, silent: w.silent, silentSince: w.reportedAt, items: w.items })),
  ];

  return (
    <aside className={`health-panel${problems ? ' has-problems' : ''}`} aria-label={t('health.title')} data-testid="health-panel" role="status">
      <h3>
        {t('health.title')}
        <span className="health-keys">{t('health.keys')}</span>
      </h3>
      <ul>
        {rows.map((r) => {
          const bad = r.silent || r.items.length > 0;
          return (
            <li key={r.key} className={r.silent ? 'silent' : bad ? 'bad' : 'ok'} data-testid="health-window" data-window={r.label}>
              <b className="health-window">{r.label}</b>
              {r.silent ? (
                <span className="health-item silent">{t('health.silent', { t: clockTime(r.silentSince) })}</span>
              ) : r.items.length === 0 ? (
                <span className="health-item ok">✓ {t('health.ok')}</span>
              ) : (
                <>
                  {ordered(r.items).slice(0, ITEMS_PER_WINDOW).map((i) => (
                    <span key={i.what} className={`health-item ${i.state}`} data-what={i.what}>
                      {itemText(i)}
                    </span>
                  ))}
                  {r.items.length > ITEMS_PER_WINDOW && <span className="health-item more">{t('health.more', { n: r.items.length - ITEMS_PER_WINDOW })}</span>}
                </>
              )}
            </li>
          );
        })}
      </ul>
      {snap.pc.rejected > 0 && <p className="health-rejected">{t('health.rejected', { n: snap.pc.rejected })}</p>}
    </aside>
  );
}
