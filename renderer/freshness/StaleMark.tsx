/**
 * `useElementFreshness(id)` and `<FreshMark element>`: what any panel, layer or tile uses to
 * say "数据停滞 自 hh:mm:ss" / "stale since hh:mm:ss" over its last good picture instead of
 * blanking, or "waiting for data" before its first data. A mark placed as a direct child of
 * a panel also dims that panel's content while stale (freshness.css).
 */
import { useEffect } from 'react';
import { useWall } from '../state/store';
import { metrics } from '../stream/metrics';
import { useNow } from '../views/shell/TopBar';
import { ELEMENTS, type ElementId } from './contract';
import { elementFreshness, staleSinceText, waitingText, type Freshness } from './freshness';
import { elementShown } from './live';
import './freshness.css';

/** Re-evaluated every second, from the stream's own arrival times (keep-alives included). */
export function useElementFreshness(id: ElementId): Freshness {
  const now = useNow(1000);
  useEffect(() => elementShown(id), [id]);
  return elementFreshness(id, metrics.lastMessageAt, now);
}

/** The mark in a panel's corner; nothing while fresh. `compact` for narrow tiles whose title must stay readable. */
export function FreshMark({ element, className = '', compact = false }: { element: ElementId; className?: string; compact?: boolean }) {
  const f = useElementFreshness(element);
  const lang = useWall((s) => s.lang) === 'en' ? 'en' : 'zh';
  if (f.state === 'fresh') return <span className="fresh-mark is-fresh" data-testid={`fresh-${element}`} data-state="fresh" hidden />;
  return (
    <span className={`fresh-mark is-${f.state} ${className}`} role="status" data-testid={`fresh-${element}`} data-state={f.state} data-since={f.staleSince ?? ''}>
      {f.state === 'stale' ? staleSinceText(lang, f.staleSince!, compact) : waitingText(lang)}
    </span>
  );
}

/** A column of named marks for the layers of one view, e.g. the map's. */
export function StaleMarks({ elements }: { elements: readonly ElementId[] }) {
  return (
    <div className="stale-marks">
      {elements.map((id) => (
        <LabelledMark key={id} element={id} />
      ))}
    </div>
  );
}

function LabelledMark({ element }: { element: ElementId }) {
  const f = useElementFreshness(element);
  const lang = useWall((s) => s.lang) === 'en' ? 'en' : 'zh';
  if (f.state !== 'stale') return null;
  return (
    <span className="fresh-mark is-stale" role="status" data-testid={`fresh-${element}`} data-state="stale" data-since={f.staleSince!}>
      <span className="stale-what">{ELEMENTS[element].label[lang]}</span>
      {staleSinceText(lang, f.staleSince!)}
    </span>
  );
}
