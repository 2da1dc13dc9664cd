/**
 * A figure that counts up (or down) to its new value and flashes once when it changes, and
 * is still otherwise: no animation while the value stays put. `data-value` always holds the
 * plain current value, for tests and for anything reading the wall.
 */
import { createContext, useContext, useEffect, useRef, useState, type CSSProperties } from 'react';

/** False while the first data is still arriving: figures then jump to their values without a flash. */
export const AnimateChanges = createContext(true);

const DURATION_MS = 700;

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function Num({
  value,
  format,
  testId,
  className,
  style,
}: {
  value: number;
  format: (v: number) => string;
  testId?: string;
  className?: string;
  style?: CSSProperties | undefined;
}) {
  const [shown, setShown] = useState(value);
  const [changes, setChanges] = useState(0);
  const shownRef = useRef(value);
  const first = useRef(true);
  const animate = useContext(AnimateChanges);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const from = shownRef.current;
    if (from === value) return;
    if (!animate || reducedMotion()) {
      shownRef.current = value;
      setShown(value);
      return;
    }
    setChanges((c) => c + 1);
    const start = performance.now();
    let raf = requestAnimationFrame(function step(t) {
      const k = Math.min(1, (t - start) / DURATION_MS);
      const eased = 1 - (1 - k) ** 3;
      const v = k >= 1 ? value : from + (value - from) * eased;
      shownRef.current = v;
      setShown(v);
      if (k < 1) raf = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(raf);
  }, [value]);

  return (
    <span
      // A new key restarts the one-shot flash animation on each change.
      key={changes}
      className={`num${changes > 0 ? ' changed' : ''}${className ? ` ${className}` : ''}`}
      style={style}
      data-testid={testId}
      data-value={value}
    >
      {format(shown)}
    </span>
  );
}
