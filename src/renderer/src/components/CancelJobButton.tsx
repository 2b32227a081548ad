// "Cancel" beside a running job's progress (export, import, training): asks the engine to stop
// it (jobs.cancel) and says "Cancelling…" until the job's own updates report how it ended.
// Rendered only while the job runs; mount it with `key={job.id}` so a new job starts afresh.
import { useState } from 'react';
import type { Job } from '../../../shared/contract';
import { useClient } from '../app/engine-context';

interface CancelJobButtonProps {
  job: Pick<Job, 'id' | 'state'>;
  testId: string;
  className?: string;
}

export function CancelJobButton({ job, testId, className = 'button' }: CancelJobButtonProps) {
  const client = useClient();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (job.state !== 'running') return null;
  const cancel = () => {
    setCancelling(true);
    setError(null);
    client.request('jobs.cancel', { id: job.id }).then(
      () => {},
      (err: unknown) => {
        setCancelling(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <>
      <button type="button" className={className} data-testid={testId} disabled={cancelling} onClick={cancel}>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          Could not cancel: {error}
        </span>
      )}
    </>
  );
}
