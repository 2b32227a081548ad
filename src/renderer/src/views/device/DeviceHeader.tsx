// The top of the Device view: the way back to the Wall, who the device is, its status (the same
// derivation and status line as its Wall tile, src/shared/device-status.ts), and the live value of every signal (written on animation frames by LiveValue,
// never through React state).
import type { Device } from '../../../../shared/domain';
import { seriesKey } from '../../../../shared/domain';
import { LiveValue } from '../../components/LiveValue';
import { kindLabel } from '../../components/device-labels';
import { useAppStore } from '../../store/app-store';
import { StatusWord, TileAlarm } from '../alarms/TileAlarm';
import { useDeviceStatus } from '../use-device-status';

export function DeviceHeader({ device }: { device: Device }) {
  const status = useDeviceStatus(device);
  const name = device.name || device.id;

  return (
    <header className="device-head" data-status={status.level}>
      <div className="device-title">
        <h1 className="device-name" tabIndex={-1} id="device-title">
          {name}
        </h1>
        <StatusWord status={status} className="device-status" testId="device-status" />
      </div>
      <TileAlarm status={status} />
      <dl className="device-meta">
        <div>
          <dt>ID</dt>
          <dd className="device-id">{device.id}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd className="device-kind">{kindLabel(device.kind)}</dd>
        </div>
        {device.location && (
          <div>
            <dt>Location</dt>
            <dd>{device.location}</dd>
          </div>
        )}
        {device.unconfigured && (
          <div>
            <dd className="badge" title="Seen on the wire but not configured: never alarms">
              unconfigured
            </dd>
          </div>
        )}
      </dl>
      {device.signals.length > 0 && (
        <ul className="device-live" aria-label="Live values">
          {device.signals.map((s) => (
            <li key={s.key}>
              <span className="device-live-signal">{s.key}</span>
              <LiveValue
                series={seriesKey(device.id, s.key)}
                unit={s.unit}
                className="device-live-value"
                testId="device-live-value"
              />
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}

export function Breadcrumb({ current }: { current: string }) {
  const closeDevice = useAppStore((s) => s.closeDevice);
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <button
        type="button"
        className="breadcrumb-link"
        data-testid="device-back"
        aria-keyshortcuts="Escape"
        onClick={closeDevice}
      >
        Wall
      </button>
      <span className="breadcrumb-sep" aria-hidden="true">
        ›
      </span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}
