// Settings → Review: the site's list of causes a label can name (the editor is the Review view's
// CausesPanel). It sits in Settings, where the contract and the engine's refusals point ("Settings
// → Review lists them"), beside the other site-wide lists; the Review queue links here from its
// cause picker, so a labeller who finds a cause missing is one click away.
import { useState } from 'react';
import { useClient } from '../../../app/engine-context';
import { CausesPanel } from '../../review/CausesPanel';
import { useLoadWhenConnected } from '../use-load-when-connected';
import '../../review/review.css';

export function ReviewTab() {
  const client = useClient();
  const [causes, setCauses] = useState<readonly string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoadWhenConnected(
    () => client.request('annotations.causes', {}),
    false,
    (answer) => {
      setCauses(answer.causes);
      setError(null);
    },
    (message) => setError(`Could not load the causes: ${message}`),
  );
  return (
    <div className="review" data-testid="settings-review">
      <h2 className="view-title">Causes</h2>
      {error && (
        <p className="review-error" role="alert">
          {error}
        </p>
      )}
      {causes !== null ? (
        <CausesPanel causes={causes} onSaved={setCauses} />
      ) : (
        !error && <p className="review-notice">Loading the causes…</p>
      )}
    </div>
  );
}
