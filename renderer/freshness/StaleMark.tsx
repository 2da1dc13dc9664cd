/**
 * `useFreshness(topic)` and `<StaleMark topic>`: what any panel, layer or tile uses to say
 * "stale since hh:mm:ss" (过期 自 hh:mm:ss) over its last good picture instead of blanking.
 */
import { TOPIC_EXPECTED_INTERVAL_MS, type Topic } from '../../shared/protocol';
import { useWall } from '../state/store';
import { useNow } from '../views/shell/TopBar';
import { freshness, staleSinceText, type Freshness } from './freshness';
import './freshness.css';

/** Re-evaluated every second. `expectedMs` overrides the topic's interval (e.g. a sensor's own). */
export function useFreshness(topic: Topic, expectedMs: number = TOPIC_EXPECTED_INTERVAL_MS[topic]): Freshness {
  const now = useNow(1000);
  const lastAt = useWall((s) => s.lastMessageAt[topic]);
  const since = useWall((s) => s.connectedSince);
  return freshness(lastAt, expectedMs, now, since);
}

export function StaleMark({ topic, expectedMs, className = '' }: { topic: Topic; expectedMs?: number; className?: string }) {
  const f = useFreshness(topic, expectedMs);
  const lang = useWall((s) => s.lang);
  if (!f.stale || f.staleSince === null) return null;
  return (
    <span className={`stale-mark ${className}`} role="status" data-testid={`stale-${topic}`}>
      {staleSinceText(lang === 'en' ? 'en' : 'zh', f.staleSince)}
    </span>
  );
}

/** A column of marks for the data behind one view, each with its name: e.g. the map's layers. */
export function StaleMarks({ items }: { items: readonly { topic: Topic; label: string; expectedMs?: number }[] }) {
  return (
    <div className="stale-marks">
      {items.map((i) => (
        <LabelledStaleMark key={i.topic} {...i} />
      ))}
    </div>
  );
}

function LabelledStaleMark({ topic, label, expectedMs }: { topic: Topic; label: string; expectedMs?: number }) {
  const f = useFreshness(topic, expectedMs);
  const lang = useWall((s) => s.lang);
  if (!f.stale || f.staleSince === null) return null;
  return (
    <span className="stale-mark" role="status" data-testid={`stale-${topic}`}>
      <span className="stale-what">{label}</span>
      {staleSinceText(lang === 'en' ? 'en' : 'zh', f.staleSince)}
    </span>
  );
}
