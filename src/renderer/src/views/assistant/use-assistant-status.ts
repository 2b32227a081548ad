// The assistant's status, live: asked once when the link opens (Ollama checked now), then kept
// current by the `assistant.status` stream. Settings → Assistant and the Knowledge view read it.
import { useCallback, useEffect, useState } from 'react';
import type { AssistantStatus } from '../../../../shared/contract/assistant';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';

export interface LiveStatus {
  status: AssistantStatus | null;
  error: string | null;
  /** Adopts a status the caller got otherwise (the answer to "Re-index now"). */
  adopt(status: AssistantStatus): void;
}

export function useAssistantStatus(): LiveStatus {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [status, setStatus] = useState<AssistantStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!connected) return;
    let current = true;
    client.request('assistant.status', {}).then(
      (s) => current && (setStatus(s), setError(null)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    const off = client.subscribe(
      'assistant.status',
      {},
      (s) => current && (setStatus(s), setError(null)),
      (err) => current && err && setError(err.message),
    );
    return () => {
      current = false;
      off();
    };
  }, [client, connected]);

  const adopt = useCallback((s: AssistantStatus) => setStatus(s), []);
  return { status, error, adopt };
}
