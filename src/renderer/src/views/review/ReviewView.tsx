// The Review view (key 9): where experts label what happened. Two parts: the Queue (default)
// of closed alarms and anomalies nobody has labelled yet, cleared one key per verdict; and
// Labels, to find, read, edit, export and import what has been labelled. The site's list of
// causes is edited in Settings → Review (the queue links there). Which part is shown is local to the view (not in the URL): a
// link to the view always lands on the queue, where the work is. The Queue and Labels stay
// mounted once opened (hidden when another part is shown), so looking at Labels neither loses
// the queue's "cleared N" and its undo nor the Labels' filters; the queue's keys work only while
// it is shown.
import { useState } from 'react';
import { DEFAULT_CAUSES } from '../../../../shared/contract/annotations';
import { useClient } from '../../app/engine-context';
import { useLoadWhenConnected } from '../settings/use-load-when-connected';
import { LabelsPanel } from './LabelsPanel';
import { QueuePanel } from './QueuePanel';
import './review.css';

const PARTS = [
  { id: 'queue', title: 'Queue' },
  { id: 'labels', title: 'Labels' },
] as const;
type Part = (typeof PARTS)[number]['id'];

export function ReviewView() {
  const client = useClient();
  const [part, setPart] = useState<Part>('queue');
  const [labelsOpened, setLabelsOpened] = useState(false);
  // Until the engine answers, the defaults a fresh site starts with (the engine's list replaces them).
  const [causes, setCauses] = useState<readonly string[]>(DEFAULT_CAUSES);
  useLoadWhenConnected(
    () => client.request('annotations.causes', {}),
    false,
    (answer) => setCauses(answer.causes),
    () => undefined,
  );

  return (
    <section className="review" aria-labelledby="review-title" data-testid="review">
      <div className="review-head">
        <h1 id="review-title" className="view-title">
          Review
        </h1>
        <div className="review-tabs" role="tablist" aria-label="Review parts">
          {PARTS.map((p) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              aria-selected={part === p.id}
              className="review-tab"
              data-testid={`review-tab-${p.id}`}
              onClick={() => {
                setPart(p.id);
                if (p.id === 'labels') setLabelsOpened(true);
              }}
            >
              {p.title}
            </button>
          ))}
        </div>
      </div>
      <div hidden={part !== 'queue'}>
        <QueuePanel causes={causes} active={part === 'queue'} />
      </div>
      {labelsOpened && (
        <div hidden={part !== 'labels'}>
          <LabelsPanel causes={causes} />
        </div>
      )}
    </section>
  );
}
