// A device on a crowded wall (wall-fit.ts's compact and dense levels): its name, its one status
// (shape and word, from src/shared/device-status.ts like every tile) and the value of its worst
// signal — the alarm's signal when it has one, else its first. Compact is name, then shape, word
// and value, then the alarm bar; dense is one line — shape, name, and the value where the tile is
// wide enough — with the word in its tooltip and accessible name. The whole tile opens the
// device (on the alarm's signal, level 4), as the large tile does.
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import type { Device } from '../../../../shared/domain';
import { seriesKey } from '../../../../shared/domain';
import { StatusShapeIcon } from '../../components/icons';
import { LiveValue } from '../../components/LiveValue';
import { signalRoute } from '../../components/RouteLinks';
import { useAppStore } from '../../store/app-store';
import { StatusWord, TileAlarm } from '../alarms/TileAlarm';
import { useDeviceStatus } from '../use-device-status';
import type { Density } from './wall-fit';

interface Props {
  device: Device;
  density: Density;
  /** The dense tile's name without what its area's names share (its heading shows that). */
  short?: string;
}

export const CompactTile = memo(function CompactTile({ device, density, short }: Props) {
  const status = useDeviceStatus(device);
  const openDevice = useAppStore((s) => s.openDevice);
  const ref = useRef<HTMLElement>(null);
  // Back from this device's view (or one of its signals'): the keyboard continues from here.
  useEffect(() => {
    const { returnFocusTo, clearReturnFocus } = useAppStore.getState();
    if (returnFocusTo?.split('/')[0] !== device.id) return;
    clearReturnFocus();
    ref.current?.focus();
  }, [device.id]);
  const cause = status.alarm?.signal;
  const worst = device.signals.find((s) => s.key === cause) ?? device.signals[0];
  const name = device.name || device.id;
  // A tile in alarm opens on the alarm's trend (level 4): one action from the wall.
  const open = () => openDevice(signalRoute(device.id, cause));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    open();
  };
  return (
    <article
      ref={ref}
      className={`tile tile-${density}`}
      data-testid="tile"
      data-device-id={device.id}
      data-status={status.level}
      data-density={density}
      aria-label={`${name}: ${status.text}`}
      role="link"
      tabIndex={0}
      title={`${name} (${device.id}): ${status.text}`}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      {density === 'dense' ? (
        <div className="tile-line">
          <span className="tile-shape" data-testid="tile-status" data-shape={status.shape}>
            <StatusShapeIcon shape={status.shape} />
          </span>
          <h2 className="tile-name">{short || name}</h2>
          {worst && (
            <LiveValue
              series={seriesKey(device.id, worst.key)}
              unit={worst.unit}
              className="tile-value"
              testId="tile-value"
            />
          )}
        </div>
      ) : (
        <>
          <h2 className="tile-name">{name}</h2>
          <div className="tile-line">
            <StatusWord status={status} className="tile-status" testId="tile-status" />
            {worst && (
              <LiveValue
                series={seriesKey(device.id, worst.key)}
                unit={worst.unit}
                className="tile-value"
                testId="tile-value"
              />
            )}
          </div>
          <TileAlarm status={status} />
        </>
      )}
    </article>
  );
});
