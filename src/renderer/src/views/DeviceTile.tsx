// One device on the wall: identity, live value, five-minute trend and status. Status is shown
// by colour and in words (never colour alone): red only for an active alarm, grey when the
// device has gone quiet.
import { memo, useMemo } from 'react';
import type { Device } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { Chart } from '../charts/Chart';
import { LiveValue } from '../components/LiveValue';
import { hasActiveAlarm } from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { tileStatus, type TileStatus } from '../telemetry/offline-status';
import { useDeviceOffline } from '../telemetry/use-device-offline';

const STATUS_WORD: Record<TileStatus, string> = { normal: 'Normal', alarm: 'Alarm', offline: 'Offline' };
/** More signals than this are summarised; a tile is a glance, not a table. */
const MAX_EXTRA_SIGNALS = 4;

function kindLabel(kind: string): string {
  return kind.replace(/[_-]+/g, ' ');
}

export const DeviceTile = memo(function DeviceTile({ device }: { device: Device }) {
  const alarmed = useAppStore((s) => hasActiveAlarm(Object.values(s.alarms), device.id));
  const offline = useDeviceOffline(device);
  const status = tileStatus(alarmed, offline);
  const [primary, ...others] = device.signals;

  const trend = useMemo(
    () => (primary ? [{ key: seriesKey(device.id, primary.key), name: primary.key, limits: primary.limits }] : []),
    [device.id, primary],
  );

  return (
    <article
      className="tile"
      data-testid="tile"
      data-device-id={device.id}
      data-status={status}
      aria-label={`${device.name || device.id}: ${STATUS_WORD[status]}`}
    >
      <header className="tile-head">
        <h2 className="tile-name">{device.name || device.id}</h2>
        <span className="tile-status" data-testid="tile-status">
          {STATUS_WORD[status]}
        </span>
      </header>
      <p className="tile-meta">
        <span className="tile-kind" data-testid="tile-kind">
          {kindLabel(device.kind)}
        </span>
        {device.location && <span className="tile-location">{device.location}</span>}
        <span className="tile-id">{device.id}</span>
        {device.unconfigured && (
          <span
            className="badge"
            data-testid="tile-unconfigured"
            title="Seen on the wire but not configured: never alarms"
          >
            unconfigured
          </span>
        )}
      </p>
      {primary ? (
        <>
          <div className="tile-reading">
            <span className="tile-signal">{primary.key}</span>
            <LiveValue series={trend[0]!.key} unit={primary.unit} className="tile-value" testId="tile-value" />
          </div>
          <Chart
            series={trend}
            compact
            tone={status}
            className="tile-chart"
            label={`${primary.key} over the last five minutes`}
          />
          {others.length > 0 && (
            <ul className="tile-signals">
              {others.slice(0, MAX_EXTRA_SIGNALS).map((s) => (
                <li key={s.key}>
                  <span className="tile-signal">{s.key}</span>
                  <LiveValue series={seriesKey(device.id, s.key)} unit={s.unit} className="tile-extra-value" />
                </li>
              ))}
              {others.length > MAX_EXTRA_SIGNALS && (
                <li className="tile-more">+{others.length - MAX_EXTRA_SIGNALS} more signals</li>
              )}
            </ul>
          )}
        </>
      ) : (
        <p className="tile-empty">No signals reported yet</p>
      )}
    </article>
  );
});
