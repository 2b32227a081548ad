// Alarm counts for analytics, read from the alarm journal in state.db: an annunciation is a
// journal entry that sounded — the alarm raised, or active again after it had returned
// (event raised/reactivated into unack_active), as the KPIs count them (alarm-store.ts,
// annunciations). Predictions (kind `trend`) are not alarms (device-status.ts) and are left out;
// so are alarms suppressed by design, which never sound. Counted by device, priority and bucket
// in SQLite with the journal's index on `at`.
import type { Priority } from '../../../shared/domain';
import type { StateDb } from '../state/state-db';

export interface AlarmCountRow {
  deviceId: string;
  priority: Priority;
  /** Start of the bucket (UTC ms). */
  bucket: number;
  n: number;
}

export function countAnnunciations(db: StateDb, from: number, to: number, bucketMs: number): AlarmCountRow[] {
  return db
    .prepare(
      `SELECT a.device_id AS deviceId, a.priority AS priority, (j.at / @w) * @w AS bucket, count(*) AS n
       FROM alarm_journal j JOIN alarms a ON a.id = j.alarm_id
       WHERE j.at >= @from AND j.at <= @to AND j.event IN ('raised', 'reactivated')
         AND j.to_state = 'unack_active' AND a.kind <> 'trend'
       GROUP BY 1, 2, 3`,
    )
    .all({ from: Math.floor(from), to: Math.floor(to), w: bucketMs }) as AlarmCountRow[];
}
