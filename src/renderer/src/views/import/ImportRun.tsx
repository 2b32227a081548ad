// Starting the import and following it: a progress bar (and Cancel) while it runs, then the
// counts — readings stored, duplicates skipped (already in history), rows rejected with a link
// to their dead letters. A cancelled import keeps what it stored until then, and says so.
import type { ImportSummary, Job } from '../../../../shared/contract';
import { CancelJobButton } from '../../components/CancelJobButton';
import { DeadLettersLink } from '../../components/DeadLettersLink';
import { formatCount } from '../../components/format';

interface ImportRunProps {
  ready: boolean;
  starting: boolean;
  job: Job | null;
  summary: ImportSummary | null;
  error: string | null;
  onStart(): void;
}

/** Where imported rows that were refused are listed. */
const FILE_SOURCE = 'file';

export function ImportRun({ ready, starting, job, summary, error, onStart }: ImportRunProps) {
  const running = starting || job?.state === 'running';
  const final =
    summary &&
    job &&
    summary.jobId === job.id &&
    (summary.state === 'done' || summary.state === 'failed' || summary.state === 'cancelled');
  return (
    <div className="import-run">
      <button type="button" className="button primary" data-testid="import-start" disabled={!ready} onClick={onStart}>
        {running ? 'Importing…' : 'Import'}
      </button>
      {error && (
        <p className="field-error" role="alert" data-testid="import-error">
          Import could not start: {error}
        </p>
      )}
      {job && (
        <div className="import-status" aria-live="polite">
          <progress data-testid="import-progress" max={1} value={job.state === 'done' ? 1 : job.progress} />
          <span className="import-rows">
            {job.state === 'running' && `${Math.round(job.progress * 100)}% · `}
            {formatCount(job.rows)} rows read
          </span>
          <CancelJobButton key={job.id} job={job} testId="import-cancel" />
          {job.state === 'failed' && (
            <p className="field-error" role="alert" data-testid="import-error">
              Import failed: {job.error ?? 'unknown error'}
            </p>
          )}
          {final && job.state === 'cancelled' && (
            <p className="import-result" data-testid="import-cancelled">
              Import cancelled: <span data-testid="import-stored">{formatCount(summary.stored)}</span> readings stored
              until then stay in history; importing the file again skips them.
            </p>
          )}
          {final && job.state === 'done' && (
            <p className="import-result" data-testid="import-result">
              <span data-testid="import-stored">{formatCount(summary.stored)}</span> readings stored ·{' '}
              <span data-testid="import-duplicates">{formatCount(summary.duplicates)}</span> duplicates skipped (already
              stored) · <span data-testid="import-rejected">{formatCount(summary.rejected)}</span> rejected
              {summary.rejected > 0 && (
                <>
                  {' '}
                  (
                  <DeadLettersLink source={FILE_SOURCE} testId="import-dead-letters">
                    see Dead letters
                  </DeadLettersLink>
                  )
                </>
              )}
            </p>
          )}
          {final && summary.refusedDevices.length > 0 && (
            <p className="field-error" role="status" data-testid="import-refused-devices">
              Rows naming devices that are not registered were not imported: {summary.refusedDevices.join(', ')}. Add
              them in Settings → Sources, or import again and confirm creating them.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
