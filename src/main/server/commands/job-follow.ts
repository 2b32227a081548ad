// Following an engine job from the command line (backup, export, import): its progress on the
// status line until it ends, and what Ctrl-C means meanwhile — the job is cancelled in the
// engine, not left running in an engine the operator believes stopped.
import type { Job } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import type { StatusOutput } from './command-line';
import type { EngineAccess } from './engine-access';

const POLL_MS = 200;

/**
 * Polls the job until it ends, its progress on `status` as "<label> 42% · 12,345 rows" (without
 * the rows when `rows` is false); a failed or cancelled job is an error.
 * Ctrl-C (or SIGTERM) while it runs asks the engine to cancel the job — it stops part-way and
 * leaves no half-written file or folder (jobs.cancel) — and the command ends once the engine says
 * it has, rather than leaving a job running in an engine the operator thinks they stopped. A
 * second signal leaves at once, without waiting for the job to stop.
 */
export async function followJob(
  engine: EngineAccess,
  started: Job,
  status: StatusOutput,
  label: string,
  { rows = true } = {},
): Promise<Job> {
  const log = (message: string) => status.log(message);
  const onProgress = (j: Job) => status.progress(describeProgress(label, j, rows));
  let job = started;
  let cancelling = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelling) {
      log(`${signal} again: leaving without waiting for the ${job.kind} (job ${job.id}) to stop`);
      process.exit(130);
    }
    cancelling = true;
    log(`${signal}: cancelling the ${job.kind} (job ${job.id}); press Ctrl-C again to leave at once`);
    engine
      .request('jobs.cancel', { id: job.id })
      .catch((err: unknown) => log(`could not cancel the ${job.kind}: ${(err as Error).message}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (job.state === 'running') log(`${job.kind} running as job ${job.id}; Ctrl-C cancels it`);
  try {
    while (job.state === 'running') {
      onProgress(job);
      await new Promise((r) => setTimeout(r, POLL_MS));
      job = await engine.request('jobs.get', { id: job.id });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  onProgress(job);
  if (job.state === 'failed') throw new EngineError('INTERNAL', job.error ?? `${job.kind} failed`, { job: job.id });
  if (job.state === 'cancelled') throw new EngineError('CANCELLED', `the ${job.kind} was cancelled`, { job: job.id });
  return job;
}

/** "42% · 12,345 rows" */
function describeProgress(label: string, job: Job, rows = true): string {
  const pct = `${Math.floor(job.progress * 100)}%`;
  return rows ? `${label} ${pct} · ${job.rows.toLocaleString('en-US')} rows` : `${label} ${pct}`;
}
