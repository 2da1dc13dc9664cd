/**
 * Small renderer-side parts of the wall's 24/7 behaviour:
 * - the mouse cursor disappears after a few idle seconds (a cursor parked in the middle of a
 *   map for a twelve-hour shift is noise) and comes back when the mouse moves;
 * - a WebGL context the GPU took away and did not give back within a few seconds reloads the
 *   page, which brings the same view back (the main process logs the reload).
 */
export const CURSOR_IDLE_MS = 3_000;
export const WEBGL_RESTORE_GRACE_MS = 3_000;

export function hideIdleCursor(root: HTMLElement = document.documentElement, idleMs = CURSOR_IDLE_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const idle = () => root.classList.add('cursor-idle');
  const wake = () => {
    root.classList.remove('cursor-idle');
    if (timer) clearTimeout(timer);
    timer = setTimeout(idle, idleMs);
  };
  const events = ['mousemove', 'mousedown', 'wheel', 'touchstart', 'keydown'] as const;
  for (const e of events) window.addEventListener(e, wake, { passive: true });
  wake();
  return () => {
    if (timer) clearTimeout(timer);
    for (const e of events) window.removeEventListener(e, wake);
    root.classList.remove('cursor-idle');
  };
}

export function reloadOnLostWebgl(reload: () => void = () => window.location.reload(), graceMs = WEBGL_RESTORE_GRACE_MS): () => void {
  const lost = new Map<EventTarget, ReturnType<typeof setTimeout>>();
  const onLost = (e: Event) => {
    const target = e.target;
    if (!target || lost.has(target)) return;
    console.warn(`[wall] WebGL context lost; reloading in ${graceMs / 1000} s unless it is restored`);
    lost.set(
      target,
      setTimeout(() => {
        console.error('[wall] WebGL context not restored; reloading the page with the same view');
        reload();
      }, graceMs),
    );
  };
  const onRestored = (e: Event) => {
    const t = e.target && lost.get(e.target);
    if (!t) return;
    clearTimeout(t);
    lost.delete(e.target!);
    console.info('[wall] WebGL context restored');
  };
  // The events do not bubble; the capture phase still sees them on the window.
  window.addEventListener('webglcontextlost', onLost, true);
  window.addEventListener('webglcontextrestored', onRestored, true);
  return () => {
    window.removeEventListener('webglcontextlost', onLost, true);
    window.removeEventListener('webglcontextrestored', onRestored, true);
    for (const t of lost.values()) clearTimeout(t);
    lost.clear();
  };
}
