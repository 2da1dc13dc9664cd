/**
 * One video tile: the picture and, over it, what an officer needs to trust it — camera name,
 * district, a clock that only ticks while frames arrive, the stream state in its colour, the
 * protocol and quality, and a red frame with the reason when an alarm put the camera here.
 */
import { useEffect, useRef, useState } from 'react';
import { districtName } from '../../shared/geo';
import type { Camera } from '../../shared/protocol';
import { useI18n, type StringKey } from '../i18n';
import { reasonLines } from './reasons';
import { TileSession, type TileState } from './session';
import type { StreamProtocol, StreamQuality } from './types';

export const PROTOCOL_LABEL: Record<StreamProtocol, string> = {
  hls: 'HLS',
  'http-flv': 'HTTP-FLV',
  'ws-flv': 'WS-FLV',
  mpegts: 'MPEG-TS',
  'webrtc-whep': 'WebRTC',
  mjpeg: 'MJPEG',
};

export interface TileAlarm {
  kind: 'face' | 'incident';
  title: string;
  distanceM: number;
  own: boolean;
}

export interface CameraTileProps {
  camera: Camera | undefined;
  quality: StreamQuality;
  priority: number;
  large?: boolean;
  alarm?: TileAlarm | null;
  /** Streams come from the built-in simulation: mark the tile so nobody takes it for a real camera. */
  demo?: boolean;
  selected?: boolean;
  onSelect?: () => void;
}

/** China Standard Time, like the top bar's clock, whatever the PC's own zone. */
const HMS = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
function hms(t: number): string {
  return HMS.format(t);
}

/** The district line already names the district; drop it from the front of the name. */
function shortName(name: string, districtZh: string): string {
  return name.startsWith(districtZh) ? name.slice(districtZh.length).replace(/^[\s·・-]+/, '') || name : name;
}

const IDLE: TileState = { phase: 'idle', protocol: null, quality: null, fallbackFrom: null, stalledSince: null, reason: null, retryAt: null, reconnects: 0, snapshotAt: null };

export function CameraTile({ camera, quality, priority, large, alarm, demo, selected, onSelect }: CameraTileProps) {
  const { t, lang } = useI18n();
  const screen = useRef<HTMLDivElement>(null);
  const session = useRef<TileSession | null>(null);
  const [state, setState] = useState<TileState>(IDLE);
  const [clock, setClock] = useState<number | null>(null);
  const streamsKey = camera ? JSON.stringify([camera.streams, camera.streamError]) : '';
  const cameraId = camera?.id;

  // One session per camera, stream set, quality and priority; nothing else restarts the player.
  useEffect(() => {
    if (!camera || !screen.current) {
      setState(IDLE);
      return;
    }
    const s = new TileSession(screen.current, camera, { quality, priority, onState: setState });
    session.current = s;
    setState(s.state);
    setClock(null);
    return () => {
      s.destroy();
      session.current = null;
    };
    // camera.online is handed over below without restarting; the camera object itself changes on every delta.
  }, [cameraId, streamsKey, quality, priority]);

  const online = camera?.online ?? false;
  useEffect(() => {
    session.current?.setOnline(online);
  }, [online]);

  // The clock shows the time of the newest decoded frame, so it stops when the picture does.
  const playing = state.phase === 'playing';
  useEffect(() => {
    if (!playing) return;
    const tick = () => setClock(session.current?.lastFrameAt ?? null);
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [playing]);

  const [, setNow] = useState(0);
  useEffect(() => {
    if (state.retryAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [state.retryAt]);

  const phase = camera ? state.phase : 'idle';
  const retryS = state.retryAt !== null ? Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) : null;
  const cls = ['cam-tile', `phase-${phase}`, large ? 'large' : '', alarm ? 'alarm' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <article
      className={cls}
      data-camera={cameraId ?? ''}
      data-phase={phase}
      data-protocol={state.protocol ?? ''}
      data-reason={state.reason ?? ''}
      onClick={onSelect}
    >
      <div className="cam-screen" ref={screen} />
      {camera ? (
        <>
          <header className="cam-top">
            <div className="cam-title">
              <span className="cam-name" title={camera.name}>
                {shortName(camera.name, districtName(camera.district, 'zh'))}
              </span>
              <span className="cam-district">{districtName(camera.district, lang)}</span>
            </div>
            <div className="cam-badges">
              <span className={`cam-phase phase-${phase}`}>{t(`video.phase.${phase}` as StringKey)}</span>
              {/* A snapshot came from no live protocol: naming the last one tried would mislead. */}
              {state.protocol && phase !== 'snapshot' && (
                <span className="cam-proto">
                  {PROTOCOL_LABEL[state.protocol]}
                  {state.quality && ` · ${t(`video.quality.${state.quality}` as StringKey)}`}
                </span>
              )}
              {state.fallbackFrom && phase !== 'snapshot' && <span className="cam-fallback">{t('video.fallbackFrom', { from: PROTOCOL_LABEL[state.fallbackFrom] })}</span>}
              {demo && <span className="cam-demo">{t('video.demo')}</span>}
            </div>
          </header>
          {phase === 'snapshot' && (
            // A still picture: say so in words and in the degraded colour, never as live.
            <div className="cam-notice cam-snapshot-label phase-snapshot">
              <b>{t('video.snapshotAt', { time: state.snapshotAt !== null ? hms(state.snapshotAt) : '--:--:--' })}</b>
              {retryS !== null && <span>{retryS > 0 ? t('video.liveRetryIn', { s: retryS }) : t('video.reconnecting')}</span>}
            </div>
          )}
          {(phase === 'stalled' || phase === 'error' || phase === 'offline' || phase === 'nostream') && (
            <div className={`cam-notice phase-${phase}`}>
              {phase === 'stalled' && state.stalledSince !== null && <b>{t('video.stalledSince', { time: hms(state.stalledSince) })}</b>}
              {phase === 'error' && <b>{t('video.phase.error')}</b>}
              {phase === 'offline' && <b>{t('video.cameraOffline')}</b>}
              {phase === 'nostream' && <b>{state.reason === 'unsupported' ? t('video.unsupported') : camera?.streamError ? t('video.streamUnresolved') : t('cam.noStream')}</b>}
              {phase === 'nostream' && camera?.streamError && <span className="cam-reason">{camera.streamError}</span>}
              {/* The technical reason stays in data-reason and the tooltip, for the technician. */}
              {state.reason &&
                phase !== 'nostream' &&
                reasonLines(lang, state.reason).map((line) => (
                  <span key={line} className="cam-reason" title={state.reason ?? ''}>
                    {line}
                  </span>
                ))}
              {(phase === 'stalled' || phase === 'error') && !online && <span className="cam-reason">{t('video.cameraOffline')}</span>}
              {retryS !== null && <span>{retryS > 0 ? t('video.retryIn', { s: retryS }) : t('video.reconnecting')}</span>}
            </div>
          )}
          <footer className="cam-bottom">
            <span className={`cam-clock${playing ? ' live' : ''}`}>
              <i className="cam-dot" />
              {clock !== null ? hms(clock) : '--:--:--'}
            </span>
          </footer>
          {alarm && (
            <div className="cam-alarm">
              <b>{t(alarm.kind === 'face' ? 'video.alarm.face' : 'video.alarm.incident')}</b>
              <span>{alarm.title}</span>
              <span>{alarm.own ? t('video.alarm.own') : t('video.alarm.distance', { m: Math.round(alarm.distanceM) })}</span>
            </div>
          )}
        </>
      ) : (
        <div className="cam-notice phase-idle">{t('video.empty')}</div>
      )}
    </article>
  );
}
