/** A lifecycle or status history from the server's journal, in time order, newest last. */
import type { JournalEntry } from '../../../shared/protocol';
import { useI18n, type StringKey } from '../../i18n';
import { world } from '../../data/world';
import { timeOfDay } from '../shell/format';

export function HistoryList({ entries, testId }: { entries: readonly JournalEntry[]; testId: string }) {
  const { t, lang } = useI18n();
  if (entries.length === 0) return null;
  return (
    <section className="history">
      <h4>{t('con.history')}</h4>
      <ol data-testid={testId}>
        {[...entries].sort((a, b) => a.at - b.at).slice(-12).map((e, i) => (
          <li key={`${e.at}-${i}`} data-kind={e.kind}>
            <span className="num">{timeOfDay(lang, e.at)}</span>
            <span className="ev">{t(`con.ev.${e.kind}` as StringKey)}</span>
            {e.kind === 'dispatch' && e.ref && <span>{world.table('units').get(e.ref)?.callsign ?? e.ref}</span>}
            {e.kind === 'escalated' && e.ref && <span>{t(`sev.${e.ref}` as StringKey)}</span>}
            {e.actor && <span className="muted">{e.actor}</span>}
            {e.note && <span className="note">“{e.note}”</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
