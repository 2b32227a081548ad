// Long-running work (exports, backups, imports, training) as jobs: started, followed through
// progress events, cancelled on request, and kept for a while afterwards so a client that
// reconnects can still see how they ended. A job's work gets an abort signal: `cancel` aborts
// it, the work stops at its next check and removes what it half wrote, and the job ends in
// 'cancelled'. Stopping the engine cancels whatever still runs.
import { randomUUID } from 'node:crypto';
import type { Job } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';

const KEEP = 100;
/** Progress events at most this often per job. */
const EMIT_EVERY_MS = 200;

type Listener = (job: Job) => void;

export interface JobHandle {
  id: string;
  /** Aborts when the job is cancelled; its reason is a CANCELLED EngineError to throw. */
  signal: AbortSignal;
  progress(fraction: number, rows: number): void;
}

interface Running {
  controller: AbortController;
  /** Settles when the work has ended, however it ended. */
  ended: Promise<void>;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<Listener>();
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly clock: () => number,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts `work` in the background and returns the job as it stands now. */
  start(
    kind: Job['kind'],
    target: { path: string | null; download: string | null },
    work: (job: JobHandle) => Promise<number>,
  ): Job {
    const job: Job = {
      id: randomUUID(),
      kind,
      state: 'running',
      progress: 0,
      rows: 0,
      startedAt: this.clock(),
      finishedAt: null,
      path: target.path,
      download: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.trim();
    let lastEmit = 0;
    const controller = new AbortController();
    const handle: JobHandle = {
      id: job.id,
      signal: controller.signal,
      progress: (fraction, rows) => {
        this.update(job.id, { progress: Math.min(1, Math.max(0, fraction)), rows }, false);
        const now = this.clock();
        if (now - lastEmit >= EMIT_EVERY_MS) {
          lastEmit = now;
          this.emit(this.jobs.get(job.id)!);
        }
      },
    };
    this.emit(job);
    let working: Promise<number>;
    try {
      working = work(handle);
    } catch (err) {
      working = Promise.reject(err);
    }
    const ended = working
      .then(
        (rows) =>
          this.update(job.id, {
            state: 'done',
            progress: 1,
            rows,
            finishedAt: this.clock(),
            download: target.download,
          }),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          // Whatever the work threw once cancelled (a DuckDB interrupt, the signal's reason): cancelled.
          if (controller.signal.aborted) {
            this.log(`${kind} job ${job.id} stopped: ${(controller.signal.reason as Error).message}`);
            this.update(job.id, { state: 'cancelled', finishedAt: this.clock() });
            return;
          }
          this.log(`${kind} job ${job.id} failed: ${message}`);
          this.update(job.id, { state: 'failed', finishedAt: this.clock(), error: message });
        },
      )
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, { controller, ended });
    return { ...job };
  }

  /**
   * Asks a running job to stop and returns it as it stands (still running until its work has
   * stopped). A finished job is returned unchanged: cancelling lost a race, which is no error.
   */
  cancel(id: string, by: string): Job {
    const job = this.get(id);
    const run = this.running.get(id);
    if (run && !run.controller.signal.aborted) {
      run.controller.abort(new EngineError('CANCELLED', `the ${job.kind} was cancelled by ${by}`));
    }
    return job;
  }

  /** Cancels every running job and waits until their work has stopped (engine shutdown). */
  async stop(): Promise<void> {
    const runs = [...this.running.values()];
    for (const r of runs) r.controller.abort(new EngineError('CANCELLED', 'the engine is stopping'));
    await Promise.all(runs.map((r) => r.ended));
  }

  get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('NOT_FOUND', `no job ${id}`);
    return { ...job };
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(id: string, patch: Partial<Job>, emit = true): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const next = { ...job, ...patch };
    this.jobs.set(id, next);
    if (emit) this.emit(next);
  }

  private emit(job: Job): void {
    for (const l of this.listeners) l({ ...job });
  }

  private trim(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEEP) break;
      if (job.state !== 'running') this.jobs.delete(id);
    }
  }
}
