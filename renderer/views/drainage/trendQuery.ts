/**
 * Asks the backend for the drainage trend on every (re)connection of the wall's stream,
 * which covers the first load and every reconnection; live samples come with the deltas.
 */
import { DrainageTrend, parseWith } from '../../../shared/protocol';
import { streamClient } from '../../stream/client';
import { noteRejection } from '../../stream/metrics';

export function watchDrainageTrend(hours: number, onTrend: (t: DrainageTrend) => void): () => void {
  const client = streamClient();
  if (!client) return () => {};
  return client.onConnected(() => {
    void client.query('drainage.trend', { hours }).then((r) => {
      if (!r.ok) return noteRejection('query: refused', `${r.code}: ${r.message}`);
      const t = parseWith(DrainageTrend, r.result, 'drainage.trend');
      if (!t.ok) return noteRejection('query: invalid trend', t.reason);
      onTrend(t.value);
    });
  });
}
