/**
 * The wall at the console: a miniature of each wall (monitors, what each shows, the last
 * command's state), where the officer picks the monitor pushes go to, a whole view for it,
 * and the recent commands with pending → applied as the walls confirm. The full control
 * (cameras, viewports, scenes) stays on the wall control page.
 */
import { useMemo, useState } from 'react';
import { VIEWS, type ViewName } from '../../config/settings';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';
import { buildWallModels, describeTarget } from '../wallcontrol/model';
import { wallLayout } from '../wallcontrol/profiles';
import { Miniature, StateBadge } from '../wallcontrol/WallControlPage';
import { pushToWall, splitTarget, useWallTarget } from './wallTarget';
import './console-wall.css';

/** Views worth sending to a whole monitor from the console. */
const PUSHABLE_VIEWS = VIEWS.filter((v): v is Exclude<ViewName, 'wallcontrol' | 'console'> => v !== 'wallcontrol' && v !== 'console');

export function useWallModels() {
  useWall((s) => s.versions.wall);
  const layout = useMemo(() => wallLayout(window.location.search), []);
  return { layout, walls: buildWallModels(layout.profile, [...world.table('wall').values()]) };
}

export function WallPane() {
  const { t } = useI18n();
  const { layout, walls } = useWallModels();
  const target = useWallTarget((s) => s.target);
  const choose = useWallTarget((s) => s.choose);
  const [error, setError] = useState<string | null>(null);
  const chosen = splitTarget(target);
  const recent = walls
    .flatMap((w) => w.commands.map((c) => ({ wall: w.id, c })))
    .sort((a, b) => b.c.issuedAt - a.c.issuedAt)
    .slice(0, 6);

  const pushView = async (view: (typeof PUSHABLE_VIEWS)[number]) => {
    if (!chosen) return;
    const r = await pushToWall(chosen.wallId, chosen.monitor, { kind: 'view', view }, t(`view.${view}` as StringKey));
    setError(r.ok ? null : t('wallctl.sendFailed', { why: `${r.code}: ${r.message}` }));
  };

  return (
    <section className="console-wall" data-testid="console-wall">
      <p className="muted cw-layout" data-testid="wc-layout" data-source={layout.source}>
        {layout.source === 'bundled' ? t('wallctl.layoutShort', { name: layout.name ?? '' }) : t('wallctl.layoutInferred')}
      </p>
      {walls.length === 0 && <p className="muted">{t('wallctl.none')}</p>}
      {walls.map((w) => (
        <Miniature key={w.id} wall={w} selected={target} onSelect={(key) => choose(key === target ? null : key)} compact />
      ))}
      <div className="cw-target" data-testid="cw-target">
        {chosen ? t('wallctl.push', { id: `${chosen.wallId} / ${chosen.monitor}` }) : t('con.wall.pick')}
      </div>
      <div className="cw-views">
        {PUSHABLE_VIEWS.map((v) => (
          <button key={v} type="button" disabled={!chosen} onClick={() => void pushView(v)} data-testid={`cw-view-${v}`}>
            {t(`view.${v}` as StringKey)}
          </button>
        ))}
      </div>
      {error && (
        <p className="wc-error" role="alert">
          {error}
        </p>
      )}
      <h4>{t('wallctl.history')}</h4>
      <ul className="cw-history" data-testid="cw-history">
        {recent.length === 0 && <li className="muted">{t('wallctl.none')}</li>}
        {recent.map(({ wall, c }) => (
          <li key={c.commandId} data-testid="cw-command" data-state={c.state} data-command={c.commandId}>
            <span className="cw-where">{c.monitor ? `${wall}/${c.monitor}` : wall}</span>
            <span className="cw-what">{describeTarget(c)}</span>
            <StateBadge c={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
