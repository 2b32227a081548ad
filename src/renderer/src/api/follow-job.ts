// Follows one engine job to its end: the `jobs.progress` stream for live progress, plus a slow
// `jobs.get` poll that catches a job finishing before the subscription arrived (or an engine
// without the stream). Calls `onUpdate` for each state of the job and stops by itself once it
// has finished; the returned function stops it early.
import type { Job } from '../../../shared/contract';
import type { ContractClient } from '../../../shared/rpc/client';

export function isFinished(job: Pick<Job, 'state'>): boolean {
  return job.state !== 'running';
}

export function followJob(
  client: ContractClient,
  id: string,
  onUpdate: (job: Job) => void,
  options: { pollMs: number; onPoll?: () => void; onFinished?: (job: Job) => void },
): () => void {
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    unsubscribe();
    clearInterval(poll);
  };
  const apply = (update: Job) => {
    if (done || update.id !== id) return;
    onUpdate(update);
    if (isFinished(update)) {
      stop();
      options.onFinished?.(update);
    }
  };
  const unsubscribe = client.subscribe('jobs.progress', { id }, apply);
  const poll = setInterval(() => {
    client.request('jobs.get', { id }).then(apply, () => {});
    options.onPoll?.();
  }, options.pollMs);
  return stop;
}
