/** Picks the view, shows the configuration error screen, hosts the diagnostics overlay. */
import { Suspense, useEffect } from 'react';
import type { ViewName } from './config/settings';
import { DiagnosticsOverlay } from './diagnostics/DiagnosticsOverlay';
import { useI18n, type StringKey } from './i18n';
import { useWall } from './state/store';
import { PageBoundary, pageFor } from './views/shell/pages';
import { TopBar, connectionErrorText } from './views/shell/TopBar';
import { metrics } from './stream/metrics';
import { WallAgent } from './wall/WallAgent';

export function App({ view: initialView }: { view: ViewName }) {
  // A wall command (wall.push) may switch the view of a running window.
  const view = useWall((s) => s.settings?.view) ?? initialView;
  const diagOpen = useWall((s) => s.diagOpen);
  const toggleDiag = useWall((s) => s.toggleDiag);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && (e.key === 'D' || e.key === 'd')) {
        e.preventDefault();
        toggleDiag();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleDiag]);
  return (
    <div className={`wall view-${view}`}>
      <TopBar viewKey={`view.${view}` as StringKey} />
      <main className="content">
        <PageBoundary view={view}>
          {() => {
            const Page = pageFor(view);
            return (
              <Suspense fallback={null}>
                <Page />
              </Suspense>
            );
          }}
        </PageBoundary>
        <ConnectionBanner />
      </main>
      <WallAgent />
      {diagOpen && <DiagnosticsOverlay />}
    </div>
  );
}

export function ConfigError({ errors }: { errors: string[] }) {
  const { t } = useI18n();
  return (
    <div className="config-error" role="alert">
      <h1>{t('config.title')}</h1>
      <ul>
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      <p className="muted">{t('config.help')}</p>
    </div>
  );
}

/**
 * Before any data arrived, a link that cannot come up is said in the middle of the screen:
 * without it a refused token would look like a quiet city full of zeros. Once there is data,
 * the top bar says the link is down and the panels mark their own staleness, so nothing
 * covers the last picture.
 */
function ConnectionBanner() {
  const { t } = useI18n();
  const connection = useWall((s) => s.connection);
  const error = useWall((s) => s.connectionError);
  useWall((s) => s.lastMessageAt);
  if (connection === 'connected' || (connection === 'connecting' && !error)) return null;
  if (metrics.firstDataAt !== null) return null;
  return (
    <div className={`conn-banner conn-${connection} nodata`} role="alert">
      <strong>{t(`conn.${connection}`)}</strong>
      {error && <span>{connectionErrorText(t, error)}</span>}
      <span className="muted">{t('banner.noData')}</span>
    </div>
  );
}
