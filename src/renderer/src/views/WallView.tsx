// The default view: every device as a tile. The first paint is this plain grid, so the Wall
// costs the first view almost nothing; the wall that fits the display (density levels, areas,
// the overview, worst first: wall/WallBoard.tsx) arrives in its own chunk and takes over.
import { useEffect, useState, type ComponentType } from 'react';
import { useAppStore } from '../store/app-store';
import { DeviceTile } from './DeviceTile';
import './wall.css';

let Board: ComponentType | null = null;
let settled = false;
// Fetched with the Wall itself; when it cannot be (first-view test, a stale page) the grid stays.
const board = import('./wall/board-entry')
  .then((m) => m.loadWallBoard())
  .then(
    (c) => void (Board = c),
    () => {},
  )
  .finally(() => (settled = true));

export function WallView() {
  const devices = useAppStore((s) => s.devices);
  const loaded = useAppStore((s) => s.devicesLoaded);
  const [, setArrived] = useState(Board !== null);
  useEffect(() => void board.then(() => setArrived(true)), []);

  if (!loaded) return <p className="view-empty">Waiting for the engine…</p>;
  if (devices.length === 0) {
    return (
      <p className="view-empty">
        No devices yet. Devices appear here as soon as the engine is configured or hears from them.
      </p>
    );
  }
  if (Board) return <Board />;
  // Hundreds of large tiles would only be replaced a moment later: wait for the fitted wall.
  if (!settled && devices.length > 24) return null;
  return (
    <section className="wall" aria-label="Devices" data-testid="wall">
      {devices.map((d) => (
        <DeviceTile key={d.id} device={d} />
      ))}
    </section>
  );
}
