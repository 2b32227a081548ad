// The anomalies of one series (and its device's device-wide ones, such as offline) in a time
// window, as a stale-guarded query: a newer window always wins.
import type { Anomaly } from '../../../../shared/contract/detection';
import { useClient } from '../../app/engine-context';
import { useLatestQuery } from '../../api/use-latest-query';
import type { TimeWindow } from '../../charts/history-option';

const NONE: readonly Anomaly[] = [];

export function useAnomalies(deviceId: string, signal: string, window: TimeWindow | null): readonly Anomaly[] {
  const client = useClient();
  const key = window ? `${deviceId}|${signal}|${window.from}|${window.to}` : null;
  const q = useLatestQuery<Anomaly[]>(key, () =>
    client.request('anomalies.list', { deviceId, signal, from: window!.from, to: window!.to, limit: 1000 }),
  );
  return q.data ?? NONE;
}
