/** The console's right column: the alarm load and work orders, or the wall miniature; the wall tab counts what the walls have not confirmed yet. */
import { world } from '../../data/world';
import { useI18n } from '../../i18n';
import { useWall } from '../../state/store';
import { pendingCount } from './wallTarget';

export type SideTab = 'load' | 'wall';

export function SideTabs({ tab, onTab }: { tab: SideTab; onTab: (t: SideTab) => void }) {
  const { t } = useI18n();
  useWall((s) => s.versions.wall);
  const waiting = pendingCount(world.table('wall').values());
  return (
    <div className="side-tabs" role="tablist">
      <button type="button" role="tab" aria-selected={tab === 'load'} className={tab === 'load' ? 'active' : ''} onClick={() => onTab('load')} data-testid="side-tab-load">
        {t('con.tab.load')}
      </button>
      <button type="button" role="tab" aria-selected={tab === 'wall'} className={tab === 'wall' ? 'active' : ''} onClick={() => onTab('wall')} data-testid="side-tab-wall">
        {t('con.tab.wall')}
        {waiting > 0 && (
          <span className="tab-count" data-testid="side-tab-wall-pending">
            {t('con.tab.pending', { n: waiting })}
          </span>
        )}
      </button>
    </div>
  );
}
