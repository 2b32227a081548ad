// The default view: every device as a tile in a grid that fills anything from a laptop to a
// wall display.
import { useAppStore } from '../store/app-store';
import { DeviceTile } from './DeviceTile';
import './wall.css';

export function WallView() {
  const devices = useAppStore((s) => s.devices);
  const loaded = useAppStore((s) => s.devicesLoaded);

  if (!loaded) return <p className="view-empty">Waiting for the engine…</p>;
  if (devices.length === 0) {
    return (
      <p className="view-empty">
        No devices yet. Devices appear here as soon as the engine is configured or hears from them.
      </p>
    );
  }
  return (
    <section className="wall" aria-label="Devices" data-testid="wall">
      {devices.map((d) => (
        <DeviceTile key={d.id} device={d} />
      ))}
    </section>
  );
}
