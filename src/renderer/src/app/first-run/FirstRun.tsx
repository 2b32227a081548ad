// The first run, loaded after the first view (App.tsx, lazily): an operator must never mistake
// demo data for the plant, and must find the keys and the way to a real broker.
// - While the engine's simulator runs (engine health, `simulator.running`), a "Simulated" badge
//   sits in the header on every view and never goes away while simulated data flows; on the
//   Wall a slim banner says so in words, with one click to Settings → Sources. The banner can be
//   collapsed into the badge (remembered per browser profile); the badge opens it again.
// - The first time in a browser profile, a short tour card on the Wall (not modal: the wall
//   stays live and clickable beneath); "Got it" dismisses it for good, `?` shows it again at
//   the top of the keyboard help.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useAppStore } from '../../store/app-store';
import { DEMO_BANNER_KEY, readFlag, TOUR_SEEN_KEY, TOUR_STEPS, writeFlag } from './tour-steps';
import './first-run.css';

// The keyboard help shows the tour too, and App.tsx fetches both in this one chunk.
export { KeyboardHelp } from '../KeyboardHelp';

function SimulatedBadge({ onClick }: { onClick(): void }) {
  const header = document.querySelector('.app-header');
  if (!header) return null;
  return createPortal(
    <button
      type="button"
      className="simulated-badge"
      data-testid="simulated-badge"
      title="The data on screen comes from the built-in simulator, not from a plant"
      onClick={onClick}
    >
      Simulated
    </button>,
    header,
  );
}

function DemoBanner({ onCollapse }: { onCollapse(): void }) {
  const showSettings = useAppStore((s) => s.showSettings);
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <span>
        <strong>Demo data:</strong> a simulated five-device line, not a plant.
      </span>
      <button
        type="button"
        className="button small primary"
        data-testid="demo-connect"
        onClick={() => showSettings('sources')}
      >
        Connect your broker →
      </button>
      <button type="button" className="button small" data-testid="demo-banner-collapse" onClick={onCollapse}>
        Hide
      </button>
    </div>
  );
}

function TourCard({ onClose }: { onClose(): void }) {
  return (
    <aside className="tour-card" aria-labelledby="tour-title" data-testid="tour">
      <h2 id="tour-title">Welcome to the control room</h2>
      <dl>
        {TOUR_STEPS.map((s) => (
          <div key={s.title}>
            <dt>{s.title}</dt>
            <dd>{s.text}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button primary" data-testid="tour-close" onClick={onClose}>
        Got it
      </button>
    </aside>
  );
}

export default function FirstRun() {
  const simulated = useAppStore((s) => s.health?.simulator.running === true);
  const onWall = useAppStore((s) => s.view === 'wall');
  const [collapsed, setCollapsed] = useState(() => readFlag(DEMO_BANNER_KEY));
  const [tour, setTour] = useState(() => !readFlag(TOUR_SEEN_KEY));
  const collapse = (on: boolean) => {
    writeFlag(DEMO_BANNER_KEY, on);
    setCollapsed(on);
  };
  return (
    <>
      {simulated && <SimulatedBadge onClick={() => collapse(false)} />}
      {simulated && onWall && !collapsed && <DemoBanner onCollapse={() => collapse(true)} />}
      {tour && onWall && (
        <TourCard
          onClose={() => {
            writeFlag(TOUR_SEEN_KEY, true);
            setTour(false);
          }}
        />
      )}
    </>
  );
}
