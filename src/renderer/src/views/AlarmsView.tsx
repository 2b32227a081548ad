// The operator's alarm queue: everything that is active or still awaits an acknowledgement,
// most urgent first.
import { useMemo } from 'react';
import type { Device } from '../../../shared/domain';
import { alarmQueue } from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { AlarmRow } from './AlarmRow';

export function AlarmsView() {
  const alarms = useAppStore((s) => s.alarms);
  const devices = useAppStore((s) => s.devices);
  const queue = useMemo(() => alarmQueue(Object.values(alarms)), [alarms]);
  const deviceById = useMemo(() => new Map<string, Device>(devices.map((d) => [d.id, d])), [devices]);

  return (
    <section className="alarms" aria-labelledby="alarms-title">
      <h1 id="alarms-title" className="view-title">
        Alarms
      </h1>
      {queue.length === 0 ? (
        <p className="view-empty" data-testid="alarms-empty">
          No alarms. Every device is within its limits.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="alarm-table" data-testid="alarm-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Unacknowledged</span>
                </th>
                <th scope="col">Device</th>
                <th scope="col">Signal</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col" className="num">
                  Limit
                </th>
                <th scope="col">Priority</th>
                <th scope="col">Raised</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.map((a) => (
                <AlarmRow key={a.id} alarm={a} device={deviceById.get(a.deviceId)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
