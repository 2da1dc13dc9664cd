/**
 * The views, each loaded when a window first shows it: a camera or dashboard window does not
 * parse MapLibre and deck.gl, and a map window's stream connects while the map code loads.
 * A view that cannot load or throws while rendering stays inside its content area
 * (PageBoundary): React would otherwise unmount the whole window.
 */
import { Component, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { ViewName } from '../../config/settings';
import { translate } from '../../i18n';
import { useWall } from '../../state/store';

type Page = ComponentType<object>;

const LOADERS: Record<ViewName, () => Promise<Page>> = {
  map: () => import('../map/MapPage').then((m) => m.MapPage),
  dashboard: () => import('../dashboard/DashboardPage').then((m) => m.DashboardPage),
  drainage: () => import('../drainage/DrainagePage').then((m) => m.DrainagePage),
  cameras: () => import('../cameras/CamerasPage').then((m) => m.CamerasPage),
  console: () => import('../console/ConsolePage').then((m) => m.ConsolePage),
  wallcontrol: () => import('../wallcontrol/WallControlPage').then((m) => m.WallControlPage),
};

const pages = new Map<ViewName, LazyExoticComponent<Page>>();

/** The view's component; after a failed load the next call loads it again (React.lazy keeps a failure). */
export function pageFor(view: ViewName): LazyExoticComponent<Page> {
  let p = pages.get(view);
  if (!p) {
    p = lazy(() =>
      LOADERS[view]().then(
        (c) => ({ default: c }),
        (e: unknown) => {
          pages.delete(view);
          throw e;
        },
      ),
    );
    pages.set(view, p);
  }
  return p;
}

/** After a view failed, how long its error stays up before the view is tried again. */
export const PAGE_RETRY_MS = 15_000;

interface BoundaryProps {
  view: ViewName;
  /** Called at each render, so a view whose load failed is loaded afresh (see pageFor). */
  children: () => ReactNode;
}

interface BoundaryState {
  error: string | null;
}

/**
 * Shows a failed view's error in its place, logs it, and tries the view again after
 * PAGE_RETRY_MS (a transient fault heals without anyone at the wall's keyboard); a view change
 * tries at once.
 */
export class PageBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };
  private retry: ReturnType<typeof setTimeout> | undefined;

  static getDerivedStateFromError(e: unknown): Partial<BoundaryState> {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override componentDidCatch(e: unknown): void {
    console.error(`[view] ${this.props.view} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.setState({ error: null }), PAGE_RETRY_MS);
  }

  override componentDidUpdate(prev: BoundaryProps): void {
    if (prev.view !== this.props.view && this.state.error !== null) {
      clearTimeout(this.retry);
      this.setState({ error: null });
    }
  }

  override componentWillUnmount(): void {
    clearTimeout(this.retry);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children();
    const lang = useWall.getState().lang;
    return (
      <div className="page-failed" role="alert">
        <strong>{translate(lang, 'page.failed')}</strong>
        <span className="page-failed-reason">{this.state.error}</span>
        <span className="muted">{translate(lang, 'page.retry', { n: PAGE_RETRY_MS / 1000 })}</span>
      </div>
    );
  }
}
