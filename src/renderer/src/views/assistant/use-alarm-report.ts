// One alarm's report: asked for when the panel opens, then followed on the `assistant.reports`
// stream (queued → running → ready, or a regenerated one). A report's feedback or a
// regeneration answered by a request is adopted at once, without waiting for the stream.
import { useCallback, useEffect, useState } from 'react';
import type { AlarmReportStatus } from '../../../../shared/contract/assistant';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';

export interface AlarmReportState {
  status: AlarmReportStatus | null;
  error: string | null;
  adopt(status: AlarmReportStatus): void;
}

export function useAlarmReport(alarmId: number): AlarmReportState {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [status, setStatus] = useState<AlarmReportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!connected) return;
    let current = true;
    // Subscribed first so an update that lands while the request is in flight is not lost; the
    // request's answer then only fills in when nothing newer arrived.
    let streamed = false;
    const off = client.subscribe('assistant.reports', {}, (s) => {
      if (!current || s.alarmId !== alarmId) return;
      streamed = true;
      setStatus(s);
      setError(null);
    });
    client.request('assistant.report', { alarmId }).then(
      (s) => current && !streamed && (setStatus(s), setError(null)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
      off();
    };
  }, [client, connected, alarmId]);

  const adopt = useCallback((s: AlarmReportStatus) => setStatus(s), []);
  return { status, error, adopt };
}
