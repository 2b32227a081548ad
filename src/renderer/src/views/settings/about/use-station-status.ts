// This station's installation, live: asked once the link is open, then kept current by the
// `station.changes` stream (download progress, a check's outcome, a consent recorded elsewhere).
// Answers to the tab's own calls are adopted at once, so a button never waits for the stream.
import { useCallback, useEffect, useState } from 'react';
import type { StationStatus } from '../../../../../shared/contract/station';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { errorText } from './about-format';

export interface LiveStation {
  status: StationStatus | null;
  error: string | null;
  adopt(status: StationStatus): void;
}

export function useStationStatus(): LiveStation {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [status, setStatus] = useState<StationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!connected) return;
    let current = true;
    const take = (s: StationStatus) => {
      if (!current) return;
      setStatus(s);
      setError(null);
    };
    client.request('station.status', {}).then(take, (err: unknown) => current && setError(errorText(err)));
    const off = client.subscribe('station.changes', {}, take, (err) => current && err && setError(err.message));
    return () => {
      current = false;
      off();
    };
  }, [client, connected]);

  const adopt = useCallback((s: StationStatus) => setStatus(s), []);
  return { status, error, adopt };
}
