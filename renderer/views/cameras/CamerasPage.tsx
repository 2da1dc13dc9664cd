/**
 * view=cameras: camera points by district with their status. Live video is not connected
 * in this view yet, and it says so instead of showing anything that looks like video.
 */
import { DISTRICTS } from '../../../shared/geo';
import type { Camera } from '../../../shared/protocol';
import { world } from '../../data/world';
import { useI18n, type StringKey } from '../../i18n';
import { useWall } from '../../state/store';

const PER_DISTRICT = 48;

/** The group heading already names the district; drop it from the tile to leave room for the place. */
function shortName(name: string, districtZh: string): string {
  return name.startsWith(districtZh) ? name.slice(districtZh.length).replace(/^[\s·・-]+/, '') || name : name;
}

export function CamerasPage() {
  const { t, n, lang } = useI18n();
  useWall((s) => s.versions.cameras);
  const byDistrict = new Map<string, Camera[]>();
  for (const c of world.table('cameras').values()) {
    let l = byDistrict.get(c.district);
    if (!l) byDistrict.set(c.district, (l = []));
    l.push(c);
  }
  return (
    <div className="cameras">
      <p className="honest-note">{t('cam.streamsNotConnected')}</p>
      <div className="cam-summary">
        {DISTRICTS.map((d) => {
          const cams = byDistrict.get(d.adcode) ?? [];
          const offline = cams.filter((c) => !c.online).length;
          return (
            <div key={d.adcode} className="cam-summary-cell">
              <span className="cam-summary-name">{lang === 'zh' ? d.name : d.nameEn}</span>
              <b>{n(cams.length - offline)}</b>
              <span className="muted"> / {n(cams.length)}</span>
              {offline > 0 && (
                <span className="cam-summary-off">
                  {t('cam.offline')} {n(offline)}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {DISTRICTS.filter((d) => byDistrict.has(d.adcode)).map((d) => {
        // Offline first: those are the ones someone must look at.
        const cams = byDistrict.get(d.adcode)!.sort((a, b) => Number(a.online) - Number(b.online) || a.name.localeCompare(b.name));
        const online = cams.filter((c) => c.online).length;
        return (
          <section key={d.adcode} className="cam-group">
            <h2>
              {lang === 'zh' ? d.name : d.nameEn}
              <span className="muted"> · {t('cam.summary', { online: n(online), total: n(cams.length) })}</span>
            </h2>
            <div className="cam-grid">
              {cams.slice(0, PER_DISTRICT).map((c) => (
                <article key={c.id} className={`cam-tile ${c.online ? 'on' : 'off'}`}>
                  <div className="cam-screen">
                    <span>{c.streams.length === 0 ? t('cam.noStream') : t('cam.streamsNotConnected').split(/[：:]/)[0]}</span>
                  </div>
                  <footer>
                    <span className="cam-name" title={c.name}>
                      {shortName(c.name, d.name)}
                    </span>
                    <span className="cam-kind">{t(`cam.kind.${c.kind}` as StringKey)}</span>
                    <span className={`cam-state ${c.online ? 'on' : 'off'}`}>{c.online ? t('cam.online') : t('cam.offline')}</span>
                  </footer>
                </article>
              ))}
              {cams.length > PER_DISTRICT && <div className="cam-more">+{n(cams.length - PER_DISTRICT)}</div>}
            </div>
          </section>
        );
      })}
    </div>
  );
}
