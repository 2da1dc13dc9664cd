/**
 * view=cameras: a grid of live camera tiles for a wall monitor or a console pane. Cameras come
 * from `cameras=` ids, a `district`, or all; `tour=N` rotates them through the grid every N
 * seconds; `alarmTile` hands a tile (or the whole view) to the nearest cameras of a new alarm.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Camera } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n } from '../../i18n';
import { useWall } from '../../state/store';
import { CameraTile } from '../../video/CameraTile';
import { activeTriggers } from '../../video/alarmFocus';
import { PRIORITY, qualityForTile } from '../../video/budget';
import { layout } from '../../video/layouts';
import { tourPages } from '../../video/tour';
import { CameraPicker } from './CameraPicker';
import { assignCells, cameraPool } from './selection';
import '../../styles/cameras.css';

function useSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 1920, height: 1080 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setSize((s) => (Math.abs(s.width - r.width) < 8 && Math.abs(s.height - r.height) < 8 ? s : { width: r.width, height: r.height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** The built-in simulation serves its streams under /media/ of the stream server: those are demo pictures. */
function isDemoStream(camera: Camera | undefined, server: string | undefined, demo: boolean): boolean {
  if (!camera) return false;
  if (demo) return true;
  if (!server) return false;
  const origin = new URL(server).origin;
  return camera.streams.some((s) => {
    try {
      const u = new URL(s.url);
      return u.pathname.startsWith('/media/') && u.host === new URL(origin).host;
    } catch {
      return false;
    }
  });
}

export function CamerasPage() {
  const { t, n } = useI18n();
  const settings = useWall((s) => s.settings);
  useWall((s) => s.versions.cameras);
  useWall((s) => s.versions.alarms);
  useWall((s) => s['versions']['face-hits']);
  const lay = layout(settings?.layout ?? '9');
  const grid = useRef<HTMLDivElement>(null);
  const size = useSize(grid);
  const [step, setStep] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<number | null>(null);
  const [pinned, setPinned] = useState<ReadonlyMap<number, Camera>>(new Map());
  const cameras = world.table('cameras');
  const ids = settings?.cameras ?? null;
  const district = settings?.district ?? null;
  // The order is kept while only cameras' fields change (a camera going offline must not shift
  // every tile after it); assignCells hands each cell the camera's newest version. A snapshot
  // (after a reconnect) replaces every camera object: the pool is taken again, so it does not
  // keep a second copy of thousands of cameras alive.
  const cameraSnapshot = world.snapshots.cameras;
  const pool = useMemo(() => cameraPool(cameras.values(), { ids, district }), [cameras, ids, district, cameras.size, cameraSnapshot]);
  const alarmTile = settings?.alarmTile ?? null;
  const freeCells = lay.cells.length - (alarmTile === null || alarmTile === 'all' ? 0 : 1) - pinned.size;
  const pages = tourPages(pool.length, freeCells);
  const tourS = settings?.tour ?? 0;

  useEffect(() => {
    if (tourS <= 0 || pages <= 1) return;
    const id = setInterval(() => setStep((s) => s + 1), tourS * 1000);
    return () => clearInterval(id);
  }, [tourS, pages]);

  // Alarm hold times run out without any message: look again every couple of seconds.
  useEffect(() => {
    if (alarmTile === null) return;
    const id = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(id);
  }, [alarmTile]);

  const trigger =
    alarmTile === null ? null : (activeTriggers(world.table('alarms').values(), world.table('face-hits').values(), now, (settings?.alarmHoldS ?? 120) * 1000)[0] ?? null);
  const cells = assignCells(lay, pool, { step, pinned, alarmTile, trigger, allCameras: cameras.values(), latest: cameras });
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const console_ = settings?.role === 'console';

  return (
    <div className={`cameras-view${console_ ? ' with-picker' : ''}`}>
      <div className="cameras-status">
        <span>{t('video.layout', { name: lay.name })}</span>
        {tourS > 0 && pages > 1 && <span>{t('video.tour', { page: n((step % pages) + 1), pages: n(pages), s: n(tourS) })}</span>}
        {trigger && (
          <span className="cameras-status-alarm">
            {t(trigger.kind === 'face' ? 'video.alarm.face' : 'video.alarm.incident')} · {trigger.title}
          </span>
        )}
      </div>
      {pool.length === 0 && !trigger && <p className="cameras-empty">{t('video.noCameras')}</p>}
      <div className="cameras-grid" ref={grid} style={{ gridTemplateColumns: `repeat(${lay.cols}, 1fr)`, gridTemplateRows: `repeat(${lay.rows}, 1fr)` }}>
        {lay.cells.map((cell, i) => {
          const a = cells[i]!;
          const widthCss = (size.width / lay.cols) * cell.colSpan;
          const quality = qualityForTile(widthCss, dpr, cell.large);
          return (
            <div key={i} className="cameras-cell" style={{ gridColumn: `${cell.col + 1} / span ${cell.colSpan}`, gridRow: `${cell.row + 1} / span ${cell.rowSpan}` }}>
              <CameraTile
                camera={a.camera}
                quality={quality}
                priority={a.alarm ? PRIORITY.alarm : cell.large ? PRIORITY.large : PRIORITY.grid}
                large={cell.large}
                alarm={
                  a.alarm
                    ? { kind: a.alarm.trigger.kind, title: a.alarm.trigger.title, distanceM: a.alarm.distanceM, own: a.alarm.trigger.cameraId === a.camera?.id }
                    : null
                }
                demo={isDemoStream(a.camera, settings?.server, settings?.demo ?? false)}
                selected={console_ && selected === i}
                onSelect={console_ ? () => setSelected(i) : undefined}
              />
            </div>
          );
        })}
      </div>
      {console_ && (
        <CameraPicker
          cameras={cameras}
          selectedCell={selected}
          onPick={(cam) => {
            if (selected === null) return;
            setPinned((p) => new Map(p).set(selected, cam));
          }}
          onClear={() => setPinned(new Map())}
          hasPinned={pinned.size > 0}
        />
      )}
    </div>
  );
}
