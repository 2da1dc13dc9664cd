/**
 * Item 5, in the page: N camera tiles playing the stream server's demo streams through the
 * wall's own players (renderer/video/players). The orchestrator reads decoded and dropped
 * frames per tile (getVideoPlaybackQuality) over a window.
 */
import { createPlayer } from '../../renderer/video/players';
import type { Player, StreamProtocol } from '../../renderer/video/types';
import { label, param } from './probe';

export interface TileQuality {
  total: number;
  dropped: number;
  errors: number;
  playing: boolean;
}

export async function startVideo(): Promise<{ quality(): TileQuality[] }> {
  const proto = param('proto', 'hls') as StreamProtocol;
  const q = param('q', 'sub');
  const n = Number(param('n', '1'));
  const server = param('server', '');
  const first = Number(param('first', '1'));
  label(`video ${proto} ${q} × ${n}`);
  const host = document.getElementById('map')!;
  const cols = Math.ceil(Math.sqrt(n));
  host.style.display = 'grid';
  host.style.gridTemplateColumns = `repeat(${cols}, 1fr)`;
  host.style.gap = '4px';
  const players: Player[] = [];
  const errors: number[] = [];
  const ext = proto === 'hls' ? 'm3u8' : 'flv';
  const base = proto === 'ws-flv' ? server.replace(/^http/, 'ws') : server;
  for (let i = 0; i < n; i++) {
    const el = document.createElement('video');
    el.muted = true;
    el.autoplay = true;
    el.playsInline = true;
    el.style.width = '100%';
    el.style.height = '100%';
    el.style.objectFit = 'cover';
    el.style.background = '#000';
    host.appendChild(el);
    errors.push(0);
    const id = `cam-${String(first + i).padStart(5, '0')}`;
    const p = createPlayer(proto, { url: `${base}/media/${id}/${q}.${ext}`, element: el, events: { error: () => errors[i]!++ } });
    p.start();
    players.push(p);
  }
  return {
    quality: () =>
      players.map((p, i) => {
        const v = p.element as HTMLVideoElement;
        const pq = v.getVideoPlaybackQuality();
        return { total: pq.totalVideoFrames, dropped: pq.droppedVideoFrames, errors: errors[i]!, playing: !v.paused && v.readyState >= 2 };
      }),
  };
}
