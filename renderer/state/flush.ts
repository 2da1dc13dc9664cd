/**
 * The one place where stream data reaches React: a requestAnimationFrame loop that, when
 * the world is dirty, copies versions and counts into the store. Data handlers never call
 * set() themselves, so React renders at most once per frame however fast the stream is.
 */
import { TOPICS } from '../../shared/protocol';
import { world } from '../data/world';
import { metrics } from '../stream/metrics';
import { useWall } from './store';

let raf = 0;

function flush(): void {
  raf = requestAnimationFrame(flush);
  if (!world.dirty) return;
  world.dirty = false;
  const s = useWall.getState();
  const versions = { ...world.versions };
  const counts = world.counts();
  const changed =
    TOPICS.some((t) => s.versions[t] !== versions[t]) ||
    s.unitsVersion !== world.units.version ||
    s.historyVersion !== world.history.version;
  useWall.setState({
    versions: changed ? versions : s.versions,
    counts: changed ? counts : s.counts,
    unitsVersion: world.units.version,
    historyVersion: world.history.version,
    lastMessageAt: { ...metrics.lastMessageAt },
  });
}

export function startFrameFlush(): () => void {
  if (!raf) raf = requestAnimationFrame(flush);
  return () => {
    cancelAnimationFrame(raf);
    raf = 0;
  };
}
