// Starts an import and follows it to the end: the `jobs.progress` stream for the progress bar,
// a slow `jobs.get` poll for a job that ends before the subscription arrives, and
// `import.summary` for what was stored, skipped and rejected — read while it runs and once
// more when it has ended. A few updates a second at most, so ordinary React state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportSummary, Job, ParamsIn } from '../../../../shared/contract';
import { followJob } from '../../api/follow-job';
import { useClient } from '../../app/engine-context';
import { mergeJobUpdate } from '../device/export-job';

const POLL_MS = 1000;

export interface ImportJob {
  job: Job | null;
  summary: ImportSummary | null;
  /** Starting failed (the job itself failing is job.state === 'failed'). */
  error: string | null;
  starting: boolean;
  start(params: ParamsIn<'import.start'>): void;
  reset(): void;
}

export function useImportJob(): ImportJob {
  const client = useClient();
  const [job, setJob] = useState<Job | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const stopFollowing = useRef<(() => void) | null>(null);

  const follow = useCallback(
    (id: string) => {
      stopFollowing.current?.();
      let following = true;
      const readSummary = () =>
        client.request('import.summary', { id }).then(
          (s) => following && setSummary(s),
          () => {},
        );
      const stop = followJob(client, id, (update) => setJob((held) => mergeJobUpdate(held, update)), {
        pollMs: POLL_MS,
        onPoll: () => void readSummary(),
        onFinished: () => {
          if (stopFollowing.current === stopAll) stopFollowing.current = null;
          // The summary is final once the job is: read it once more after stopping the poll.
          void client.request('import.summary', { id }).then(setSummary, () => {});
        },
      });
      const stopAll = () => {
        following = false;
        stop();
      };
      stopFollowing.current = stopAll;
    },
    [client],
  );

  useEffect(() => () => stopFollowing.current?.(), []);

  const reset = useCallback(() => {
    stopFollowing.current?.();
    setJob(null);
    setSummary(null);
    setError(null);
  }, []);

  const start = useCallback(
    (params: ParamsIn<'import.start'>) => {
      reset();
      setStarting(true);
      client.request('import.start', params).then(
        (started) => {
          setStarting(false);
          setJob(started);
          follow(started.id);
        },
        (err: unknown) => {
          setStarting(false);
          setError(err instanceof Error ? err.message : String(err));
        },
      );
    },
    [client, follow, reset],
  );

  return { job, summary, error, starting, start, reset };
}
