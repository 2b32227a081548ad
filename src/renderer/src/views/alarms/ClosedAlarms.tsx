// Closed alarms (the alarm history), newest first, with the same filters as the queue; a row
// opens the alarm's journal.
import { useEffect, useState } from 'react';
import type { Alarm } from '../../../../shared/domain';
import { useClient } from '../../app/engine-context';
import { formatLocalTime } from '../../components/format';
import { KIND_LABEL, type AlarmFilters } from '../../store/alarm-queue';
import { describeActionError } from './action-error';

export function ClosedAlarms({ filters, onDetails }: { filters: AlarmFilters; onDetails(id: number): void }) {
  const client = useClient();
  const [rows, setRows] = useState<Alarm[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const params = {
      limit: 200,
      ...(filters.priorities.length > 0 && { priorities: [...filters.priorities] }),
      ...(filters.devices.length > 0 && { devices: [...filters.devices] }),
      ...(filters.areas.length > 0 && { areas: [...filters.areas] }),
    };
    client.request('alarms.history', params).then(
      (r) => current && setRows(r),
      (err: unknown) => current && setError(describeActionError(err, 'load').message),
    );
    return () => {
      current = false;
    };
  }, [client, filters]);

  if (error) return <p className="ack-error">{error}</p>;
  if (!rows) return <p className="view-empty">Loading closed alarms…</p>;
  if (rows.length === 0) return <p className="view-empty">No closed alarms.</p>;
  return (
    <div className="table-scroll">
      <table className="alarm-table" data-testid="closed-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Signal</th>
            <th scope="col">Priority</th>
            <th scope="col">Raised</th>
            <th scope="col">Closed</th>
            <th scope="col">By</th>
            <th scope="col">Comment</th>
            <th scope="col" className="num">
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr
              key={a.id}
              className="alarm-row"
              data-testid="closed-row"
              data-alarm-id={a.id}
              onClick={() => onDetails(a.id)}
            >
              <td>{a.deviceId}</td>
              <td>
                {a.signal === '*' ? 'device' : a.signal} · {KIND_LABEL[a.kind]}
              </td>
              <td>
                <span className={`priority priority-${a.priority}`}>{a.priority}</span>
              </td>
              <td>{formatLocalTime(a.raisedAt)}</td>
              <td>{a.closedAt !== null && formatLocalTime(a.closedAt)}</td>
              <td>{a.closedBy ?? a.ackedBy ?? ''}</td>
              <td>{a.closeComment ?? a.ackComment ?? ''}</td>
              <td className="num">{a.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
