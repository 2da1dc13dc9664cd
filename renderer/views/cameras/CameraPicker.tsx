/** Console only: find a camera by name or district and put it into the selected tile. */
import { useMemo, useState } from 'react';
import { districtName } from '../../../shared/geo';
import type { Camera } from '../../../shared/protocol';
import { useI18n } from '../../i18n';
import { searchCameras } from './search';

const MAX_RESULTS = 60;

export function CameraPicker(props: {
  cameras: ReadonlyMap<string, Camera>;
  selectedCell: number | null;
  onPick(c: Camera): void;
  onClear(): void;
  hasPinned: boolean;
}) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const results = useMemo(() => searchCameras(props.cameras.values(), q, lang, MAX_RESULTS), [props.cameras, q, lang]);
  return (
    <aside className="cam-picker">
      <h2>{t('video.picker.title')}</h2>
      <input type="search" value={q} placeholder={t('video.picker.search')} onChange={(e) => setQ(e.target.value)} aria-label={t('video.picker.search')} />
      {props.selectedCell === null && <p className="muted">{t('video.picker.hint')}</p>}
      <ul>
        {results.map((c) => (
          <li key={c.id}>
            <button type="button" disabled={props.selectedCell === null} onClick={() => props.onPick(c)} className={c.online ? 'on' : 'off'}>
              <span className="cam-picker-name">{c.name}</span>
              <span className="muted">
                {districtName(c.district, lang)} · {c.online ? t('cam.online') : t('cam.offline')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {props.hasPinned && (
        <button type="button" className="cam-picker-clear" onClick={props.onClear}>
          {t('video.picker.clear')}
        </button>
      )}
    </aside>
  );
}
