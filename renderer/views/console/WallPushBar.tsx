/**
 * "On the wall" for an incident at the console: choose a monitor (or keep the one picked on
 * the miniature), then one click sends the incident (the wall centres its map on it) or its
 * nearest working camera. The last push from here shows pending until the wall confirms.
 */
import { useState } from 'react';
import type { Incident, WallPushTarget } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n } from '../../i18n';
import { useWall } from '../../state/store';
import { StateBadge } from '../wallcontrol/WallControlPage';
import { useWallModels } from './WallPane';
import { commandState, pushToWall, splitTarget, useWallTarget } from './wallTarget';

export function WallPushBar({ incident, nearestCamera }: { incident: Incident; nearestCamera: { id: string; name: string } | null }) {
  const { t } = useI18n();
  useWall((s) => s.versions.wall);
  const { walls } = useWallModels();
  const target = useWallTarget((s) => s.target);
  const choose = useWallTarget((s) => s.choose);
  const sent = useWallTarget((s) => s.sent);
  const [error, setError] = useState<string | null>(null);
  const chosen = splitTarget(target);
  const subjects = new Set([`incident ${incident.id}`, ...(nearestCamera ? [`camera ${nearestCamera.id}`] : [])]);
  const mine = sent.filter((s) => subjects.has(s.subject)).slice(-2).reverse();

  const push = async (what: WallPushTarget, subject: string) => {
    if (!chosen) return setError(t('con.wall.pick'));
    const r = await pushToWall(chosen.wallId, chosen.monitor, what, subject);
    setError(r.ok ? null : t('wallctl.sendFailed', { why: `${r.code}: ${r.message}` }));
  };

  return (
    <div className="wall-push-bar" data-testid="wall-push-bar">
      <label>
        {t('con.wall.to')}
        <select value={target ?? ''} onChange={(e) => choose(e.target.value || null)} data-testid="wall-push-monitor">
          <option value="">—</option>
          {walls.map((w) => (
            <optgroup key={w.id} label={w.title}>
              {w.cells.map((c) => (
                <option key={c.id} value={`${w.id}/${c.id}`}>
                  {w.id} / {c.id} · {c.shows}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <button type="button" disabled={!chosen} onClick={() => void push({ kind: 'incident', incidentId: incident.id }, `incident ${incident.id}`)} data-testid="wall-push-incident">
        {t('con.wall.incident')}
      </button>
      <button
        type="button"
        disabled={!chosen || !nearestCamera}
        title={nearestCamera?.name}
        onClick={() => nearestCamera && void push({ kind: 'camera', cameraId: nearestCamera.id }, `camera ${nearestCamera.id}`)}
        data-testid="wall-push-camera"
      >
        {t('con.wall.camera')}
      </button>
      {error && (
        <span className="wc-error" role="alert">
          {error}
        </span>
      )}
      {mine.map((s) => {
        const c = commandState(world.table('wall'), s.wallId, s.commandId);
        return (
          <span key={s.commandId} className="wall-push-state" data-testid="wall-push-state" data-state={c?.state ?? 'sent'}>
            {c?.monitor ? `${s.wallId}/${c.monitor}` : s.wallId} · {s.subject} {c ? <StateBadge c={c} /> : <span className="wc-state wc-pending">{t('wallctl.pending')}</span>}
          </span>
        );
      })}
    </div>
  );
}
