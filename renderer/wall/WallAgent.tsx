/**
 * Runs in every wall window: hides the idle cursor, reloads on a lost WebGL context, and
 * applies the wall commands queued for this window's wall and monitor (docs/protocol.md,
 * wall commands), then confirms them with `wall.applied`. A pushed view survives a reload
 * of the window (crash recovery) through sessionStorage.
 */
import { useEffect, useRef, useState } from 'react';
import type { Settings } from '../config/settings';
import { world } from '../data/world';
import { useI18n } from '../i18n';
import { useWall } from '../state/store';
import { streamClient } from '../stream/client';
import { AppliedIds, commandsForWindow, settingsForPush, unconfirmed } from './apply';
import { hideIdleCursor, reloadOnLostWebgl } from './healing';
import './wall-agent.css';

const TOAST_MS = 6_000;
const RECONFIRM_MS = 5_000;

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function local(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

interface Toast {
  text: string;
  by: string | null;
  ok: boolean;
}

export function WallAgent() {
  const settings = useWall((s) => s.settings);
  const version = useWall((s) => s.versions.wall);
  const connection = useWall((s) => s.connection);
  // An incident push needs the incidents snapshot: before it arrives the incident is not "unknown", just not here yet.
  const incidentsLoaded = useWall((s) => s.versions.incidents > 0);
  const { t } = useI18n();
  const [toast, setToast] = useState<Toast | null>(null);
  const isWall = settings?.role === 'wall';
  const wallId = isWall ? settings.wallId : null;
  const monitor = settings?.monitor ?? null;
  const overrideKey = `qujing-wall-override:${wallId}/${monitor ?? '-'}`;
  const applied = useRef<AppliedIds | null>(null);
  const confirmedAt = useRef(new Map<string, number>());

  useEffect(() => {
    if (!isWall) return;
    const stopCursor = hideIdleCursor();
    const stopWebgl = reloadOnLostWebgl();
    return () => {
      stopCursor();
      stopWebgl();
    };
  }, [isWall]);

  // After a reload the pushed view comes back, not the profile's.
  useEffect(() => {
    if (!wallId) return;
    applied.current = new AppliedIds(local(), `qujing-wall-applied:${wallId}/${monitor ?? '-'}`);
    const saved = session()?.getItem(overrideKey);
    if (!saved) return;
    try {
      const change = JSON.parse(saved) as Partial<Settings>;
      const s = useWall.getState().settings;
      if (s) useWall.setState({ settings: { ...s, ...change } });
    } catch {
      session()?.removeItem(overrideKey);
    }
  }, [wallId, monitor, overrideKey]);

  useEffect(() => {
    if (!wallId || !applied.current || connection !== 'connected') return;
    const ids = applied.current;
    const state = world.table('wall').get(wallId);
    const confirm = (commandId: string, ok: boolean, message?: string) => {
      confirmedAt.current.set(commandId, Date.now());
      const client = streamClient();
      if (!client) return;
      void client.sendCommand('wall.applied', { wallId, commandId, ok, ...(message ? { message } : {}) }).then((r) => {
        if (!r.ok) console.warn(`[wall] confirmation of ${commandId} refused: ${r.code} ${r.message}`);
      });
    };
    for (const c of commandsForWindow(state, { wallId, monitor }, ids.set)) {
      if (c.type === 'wall.scene' && c.scene) {
        // The main process watches the fragment and re-plans every window of this wall.
        history.replaceState(null, '', `${location.pathname}${location.search}#scene=${encodeURIComponent(c.scene)}`);
        console.info(`[wall] scene ${c.scene} (command ${c.commandId} from ${c.issuedBy ?? '?'})`);
        ids.add(c.commandId);
        confirm(c.commandId, true);
        setToast({ text: t('wallagent.applied', { what: c.scene }), by: c.issuedBy, ok: true });
        continue;
      }
      if (c.target?.kind === 'incident' && !incidentsLoaded) continue;
      const r = settingsForPush(c, world.table('incidents'));
      ids.add(c.commandId);
      if (!r.ok) {
        console.warn(`[wall] push ${c.commandId} not applied: ${r.message}`);
        confirm(c.commandId, false, r.message);
        setToast({ text: t('wallagent.failed', { why: r.message }), by: c.issuedBy, ok: false });
        continue;
      }
      const s = useWall.getState().settings;
      if (s) useWall.setState({ settings: { ...s, ...r.change } });
      session()?.setItem(overrideKey, JSON.stringify(r.change));
      console.info(`[wall] ${r.summary} on ${wallId}/${monitor} (command ${c.commandId} from ${c.issuedBy ?? '?'})`);
      confirm(c.commandId, true);
      setToast({ text: t('wallagent.applied', { what: r.summary }), by: c.issuedBy, ok: true });
    }
    // Applied before, but the server has no confirmation (lost on a disconnect): confirm again.
    for (const id of unconfirmed(state, ids.set)) {
      if (Date.now() - (confirmedAt.current.get(id) ?? 0) > RECONFIRM_MS) confirm(id, true);
    }
  }, [wallId, monitor, version, connection, overrideKey, t, incidentsLoaded]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  if (!toast) return null;
  return (
    <div className={`wall-toast ${toast.ok ? 'ok' : 'bad'}`} role="status" data-testid="wall-toast">
      <strong>{toast.text}</strong>
      {toast.by && <span>{t('wallagent.from', { who: toast.by })}</span>}
    </div>
  );
}
