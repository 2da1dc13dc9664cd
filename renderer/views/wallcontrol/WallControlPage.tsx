/**
 * Wall control (大屏控制): a miniature of the wall(s) — monitors laid out as in the profile,
 * what each shows, pending/applied state of the last command — and the controls to push a
 * camera, a map viewport, an incident or a whole view to one monitor, or switch the scene.
 * Everything goes through the backend (wall.push / wall.scene), so it works for a wall on
 * another PC, and the state shown is the server's, confirmed by the wall.
 */
import { useMemo, useState } from 'react';
import type { WallCommandState, WallPushTarget } from '../../../shared/protocol';
import { VIEWS, type ViewName } from '../../config/settings';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { streamClient } from '../../stream/client';
import { buildWallModels, describeTarget, type WallModel } from './model';
import { wallLayout } from './profiles';
import './wallcontrol.css';

const CITY_CENTER: [number, number] = [103.796, 25.49];

export function StateBadge({ c }: { c: WallCommandState }) {
  const { t } = useI18n();
  return <span className={`wc-state wc-${c.state}`}>{t(`wallctl.${c.state}` as StringKey)}</span>;
}

/** One wall as a grid of monitors; `compact` for the console's side pane. */
export function Miniature({ wall, selected, onSelect, compact = false }: { wall: WallModel; selected: string | null; onSelect: (key: string) => void; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <section className={`wc-wall${compact ? ' compact' : ''}`} data-testid={`wc-wall-${wall.id}`}>
      <header>
        <h2>{wall.title}</h2>
        <span className="wc-scene">
          {t('wallctl.scene')}: <strong data-testid="wc-scene">{wall.scene || '—'}</strong>
        </span>
        {wall.online !== null && <span className={`wc-online ${wall.online ? 'on' : 'off'}`}>{t(wall.online ? 'wallctl.online' : 'wallctl.offline')}</span>}
      </header>
      <div className="wc-grid" style={{ gridTemplateColumns: `repeat(${wall.columns}, 1fr)`, gridTemplateRows: `repeat(${wall.rows}, auto)` }}>
        {wall.cells.map((c) => {
          const key = `${wall.id}/${c.id}`;
          return (
            <button
              key={c.id}
              type="button"
              className={`wc-monitor${selected === key ? ' selected' : ''}${c.spanned ? ' spanned' : ''}`}
              style={{ gridRow: c.row + 1, gridColumn: c.column + 1 }}
              onClick={() => onSelect(key)}
              data-testid={`wc-monitor-${c.id}`}
              data-state={c.last?.state ?? ''}
              title={`${wall.id} / ${c.id}: ${c.shows}`}
            >
              <span className="wc-id">
                {c.id}
                {c.spanned && <em> · {t('wallctl.span')}</em>}
              </span>
              <span className="wc-shows">{c.shows}</span>
              {c.last && c.last.state !== 'applied' && (
                <span className="wc-last">
                  <span className="wc-last-what">{describeTarget(c.last)}</span> <StateBadge c={c.last} />
                </span>
              )}
            </button>
          );
        })}
      </div>
    </section>
  );
}

/** The whole control, embeddable (e.g. in the console). */
export function WallControl() {
  const { t } = useI18n();
  useWall((s) => s.versions.wall);
  const camerasVersion = useWall((s) => s.versions.cameras);
  const incidentsVersion = useWall((s) => s.versions.incidents);
  const layout = useMemo(() => wallLayout(window.location.search), []);
  const profile = layout.profile;
  const walls = buildWallModels(profile, [...world.table('wall').values()]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [camera, setCamera] = useState('');
  const [incident, setIncident] = useState('');
  const [center, setCenter] = useState(CITY_CENTER.join(','));
  const [zoom, setZoom] = useState('13');

  const cameras = useMemo(
    () => [...world.table('cameras').values()].sort((a, b) => a.id.localeCompare(b.id)).slice(0, 500),
    [camerasVersion],
  );
  const incidents = useMemo(
    () => [...world.table('incidents').values()].filter((i) => i.status !== 'closed').sort((a, b) => a.priority - b.priority || b.reportedAt - a.reportedAt).slice(0, 200),
    [incidentsVersion],
  );
  const [wallId, monitor] = selected ? selected.split('/') : [null, null];
  const wall = walls.find((w) => w.id === wallId) ?? walls[0] ?? null;
  const scenes = profile ? Object.entries(profile.scenes).filter(([, s]) => wall && s.walls[wall.id]) : [];

  const send = async (type: string, payload: Record<string, unknown>) => {
    const client = streamClient();
    if (!client) return setError(t('wallctl.sendFailed', { why: 'offline' }));
    const r = await client.sendCommand(type, payload);
    setError(r.ok ? null : t('wallctl.sendFailed', { why: `${r.code}: ${r.message}` }));
  };
  const push = (target: WallPushTarget) => {
    if (!wallId || !monitor) return setError(t('wallctl.selectMonitor'));
    void send('wall.push', { wallId, monitor, target });
  };
  const viewport = (): WallPushTarget | null => {
    const [lon, lat] = center.split(',').map((v) => Number(v.trim()));
    const z = Number(zoom);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(z)) return null;
    return { kind: 'viewport', center: [lon!, lat!], zoom: z };
  };
  const recent = (wall?.commands ?? []).slice(-8).reverse();

  return (
    <div className="wallcontrol">
      <div className="wc-walls">
        <p className="muted wc-layout" data-testid="wc-layout" data-source={layout.source}>
          {layout.source === 'bundled' ? t('wallctl.layoutBundled', { name: layout.name ?? '' }) : layout.errors.join('; ') || t('wallctl.noProfile')}
        </p>
        {walls.map((w) => (
          <Miniature key={w.id} wall={w} selected={selected} onSelect={setSelected} />
        ))}
      </div>
      <aside className="wc-panel">
        <h2 data-testid="wc-target">{monitor ? t('wallctl.push', { id: `${wallId} / ${monitor}` }) : t('wallctl.selectMonitor')}</h2>
        <div className="wc-row">
          <label>
            {t('wallctl.camera')}
            <select value={camera} onChange={(e) => setCamera(e.target.value)} data-testid="wc-camera">
              <option value="" />
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!monitor || !camera} onClick={() => push({ kind: 'camera', cameraId: camera })} data-testid="wc-push-camera">
            {t('wallctl.pushCamera')}
          </button>
        </div>
        <div className="wc-row">
          <label>
            {t('wallctl.incident')}
            <select value={incident} onChange={(e) => setIncident(e.target.value)} data-testid="wc-incident">
              <option value="" />
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  P{i.priority} {i.address}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!monitor || !incident} onClick={() => push({ kind: 'incident', incidentId: incident })}>
            {t('wallctl.pushIncident')}
          </button>
        </div>
        <div className="wc-row">
          <label>
            {t('wallctl.center')}
            <input value={center} onChange={(e) => setCenter(e.target.value)} />
          </label>
          <label className="narrow">
            {t('wallctl.zoom')}
            <input value={zoom} onChange={(e) => setZoom(e.target.value)} inputMode="decimal" />
          </label>
          <button type="button" disabled={!monitor || !viewport()} onClick={() => viewport() && push(viewport()!)}>
            {t('wallctl.pushViewport')}
          </button>
        </div>
        <h3>{t('wallctl.pushView')}</h3>
        <div className="wc-buttons">
          {VIEWS.filter((v): v is Exclude<ViewName, 'wallcontrol'> => v !== 'wallcontrol').map((v) => (
            <button key={v} type="button" disabled={!monitor} onClick={() => push({ kind: 'view', view: v })} data-testid={`wc-view-${v}`}>
              {t(`view.${v}` as StringKey)}
            </button>
          ))}
        </div>
        {wall && scenes.length > 0 && (
          <>
            <h3>
              {t('wallctl.switchScene')} · {wall.title}
            </h3>
            <div className="wc-buttons">
              {scenes.map(([name, s]) => (
                <button key={name} type="button" className={wall.scene === name ? 'active' : ''} onClick={() => void send('wall.scene', { wallId: wall.id, scene: name })}>
                  {s.title ?? name}
                </button>
              ))}
            </div>
          </>
        )}
        {error && (
          <p className="wc-error" role="alert">
            {error}
          </p>
        )}
        <h3>{t('wallctl.history')}</h3>
        <ul className="wc-history" data-testid="wc-history">
          {recent.length === 0 && <li className="muted">{t('wallctl.none')}</li>}
          {recent.map((c) => (
            <li key={c.commandId} data-testid="wc-command" data-state={c.state}>
              <span>{c.monitor ?? wall?.id}</span>
              <span>{describeTarget(c)}</span>
              <StateBadge c={c} />
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

export function WallControlPage() {
  return <WallControl />;
}
