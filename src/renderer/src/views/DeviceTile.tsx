// One device on the wall: identity, live value, five-minute trend and status. The status is
// the one of src/shared/device-status.ts, and word, glyph, border, sparkline and status line
// all read that one answer: grey while normal, the priority's colour only for an alarm (filled when
// active, outlined when returned), dotted grey when the device has gone quiet, dashed violet for
// a prediction (app/theme.css, ISA-101). The whole tile opens the device's history
// (on the alarm's signal when it has one).
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { Device } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { Chart } from '../charts/Chart';
import { LiveValue } from '../components/LiveValue';
import { kindLabel } from '../components/device-labels';
import { useAppStore } from '../store/app-store';
import { StatusWord, TileAlarm } from './alarms/TileAlarm';
import { useDeviceStatus } from './use-device-status';

/** More signals than this are summarised; a tile is a glance, not a table. */
const MAX_EXTRA_SIGNALS = 4;

export const DeviceTile = memo(function DeviceTile({ device }: { device: Device }) {
  const status = useDeviceStatus(device);
  const openDevice = useAppStore((s) => s.openDevice);
  const ref = useRef<HTMLElement>(null);
  // Back from this device's view: the keyboard continues from where it left.
  useEffect(() => {
    const { returnFocusTo, clearReturnFocus } = useAppStore.getState();
    if (returnFocusTo?.split('/')[0] !== device.id) return;
    clearReturnFocus();
    ref.current?.focus({ preventScroll: false });
  }, [device.id]);
  const [primary, ...others] = device.signals;
  // In alarm, the tile opens on the alarm's signal (level 4: `<id>/<signal>`, DeviceRoute.tsx).
  const cause = status.alarm?.signal;
  const open = () => openDevice(cause && cause !== '*' ? `${device.id}/${cause}` : device.id);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    open();
  };

  const trend = useMemo(
    () => (primary ? [{ key: seriesKey(device.id, primary.key), name: primary.key, limits: primary.limits }] : []),
    [device.id, primary],
  );

  return (
    <article
      ref={ref}
      className="tile"
      data-testid="tile"
      data-device-id={device.id}
      data-status={status.level}
      aria-label={`${device.name || device.id}: ${status.text}`}
      role="link"
      tabIndex={0}
      title="Open history"
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <header className="tile-head">
        <h2 className="tile-name">{device.name || device.id}</h2>
        <StatusWord status={status} className="tile-status" testId="tile-status" />
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
      <TileAlarm status={status} />
      {primary ? (
        <>
          <div className="tile-reading">
            <span className="tile-signal">{primary.key}</span>
            <LiveValue series={trend[0]!.key} unit={primary.unit} className="tile-value" testId="tile-value" />
          </div>
          <Chart
            series={trend}
            compact
            tone={status.level}
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
