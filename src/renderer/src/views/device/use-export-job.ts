// Starts a server-side history export and follows it to the end: the `jobs.progress` stream
// for live progress, plus a slow `jobs.get` poll that catches a job finishing before the
// subscription arrived (or an engine without the stream). Job state is a few updates a
// second at most, so it is ordinary React state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../../shared/contract';
import { followJob } from '../../api/follow-job';
import { useClient } from '../../app/engine-context';
import { isFinished, mergeJobUpdate } from './export-job';

type ExportParams = {
  series: string[];
  from: number;
  to: number;
  tier: 'raw' | '1m' | '1h' | '1d';
  format: 'csv' | 'parquet';
};

const POLL_MS = 1500;

export interface ExportJob {
  job: Job | null;
  /** Starting failed (the job itself failing is job.state === 'failed'). */
  error: string | null;
  starting: boolean;
  start(params: ExportParams): void;
}

export function useExportJob(): ExportJob {
  const client = useClient();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const stopFollowing = useRef<(() => void) | null>(null);

  const follow = useCallback(
    (id: string) => {
      stopFollowing.current?.();
      const stop = followJob(client, id, (update) => setJob((held) => mergeJobUpdate(held, update)), {
        pollMs: POLL_MS,
        onFinished: () => {
          if (stopFollowing.current === stop) stopFollowing.current = null;
        },
      });
      stopFollowing.current = stop;
    },
    [client],
  );

  useEffect(() => () => stopFollowing.current?.(), []);

  const start = useCallback(
    (params: ExportParams) => {
      stopFollowing.current?.();
      setJob(null);
      setError(null);
      setStarting(true);
      client.request('history.export', params).then(
        (started) => {
          setStarting(false);
          setJob(started);
          if (!isFinished(started)) follow(started.id);
        },
        (err: unknown) => {
          setStarting(false);
          setError(err instanceof Error ? err.message : String(err));
        },
      );
    },
    [client, follow],
  );

  return { job, error, starting, start };
}
