/** Queries and commands from the console, with every command ending in a visible outcome. */
import { useCallback, useEffect, useState } from 'react';
import { streamClient } from '../../stream/client';

/** Runs a query when its key changes and every `refreshMs`; null until the first answer. */
export function useQuery<T>(type: string, payload: Record<string, unknown> | null, key: string, refreshMs = 0): T | null {
  const [result, setResult] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    if (!payload) return;
    let live = true;
    const run = () => {
      const client = streamClient();
      if (!client) return;
      void client.query(type, payload).then((r) => {
        if (live && r.ok) setResult({ key, value: r.result as T });
      });
    };
    // Asked again on every (re)connection: a query sent before the link is up gets no answer,
    // and a panel must not stay empty until its next refresh.
    const off = streamClient()?.onConnected(run);
    if (!off) run();
    const timer = refreshMs > 0 ? setInterval(run, refreshMs) : null;
    return () => {
      live = false;
      off?.();
      if (timer) clearInterval(timer);
    };
    // The key stands for the payload.
  }, [type, key, refreshMs]);
  return result && result.key === key ? result.value : null;
}

export interface Outcome {
  key: number;
  ok: boolean;
  text: string;
}

export type Send = (type: string, payload: Record<string, unknown>, what: string) => Promise<boolean>;

export function useCommands(describeFailure: (code: string, message: string) => string, okText: (what: string) => string) {
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [pending, setPending] = useState(false);
  const send: Send = useCallback(
    async (type, payload, what) => {
      const client = streamClient();
      setPending(true);
      const r = client ? await client.sendCommand(type, payload) : ({ ok: false, id: '', code: 'OFFLINE', message: '' } as const);
      setPending(false);
      const line: Outcome = r.ok
        ? { key: Date.now() + Math.random(), ok: true, text: okText(what) }
        : { key: Date.now() + Math.random(), ok: false, text: describeFailure(r.code, r.message) };
      setOutcomes((o) => [line, ...o].slice(0, 5));
      return r.ok;
    },
    [describeFailure, okText],
  );
  return { send, outcomes, pending };
}
