// The assistant panel as its hosts (alarm details, the Device view) place it: its code is fetched
// the first time a panel is shown, so neither the Wall's first view nor the Alarms view carries
// it. While it arrives a quiet line; if it cannot arrive, a line saying so (the rest stays usable).
import { lazy, Suspense } from 'react';
import { LoadBoundary } from '../../components/LoadBoundary';
import type { AssistantPanelProps } from './AssistantPanel';

const Panel = lazy(() => import('./AssistantPanel').then((m) => ({ default: m.AssistantPanel })));

export function LazyAssistantPanel(props: AssistantPanelProps) {
  return (
    <LoadBoundary
      fallback={() => (
        <p className="ack-error" role="alert">
          The assistant could not be loaded (the engine may have been updated): reload the page.
        </p>
      )}
    >
      <Suspense fallback={<p className="view-note">Loading the assistant…</p>}>
        <Panel {...props} />
      </Suspense>
    </LoadBoundary>
  );
}
