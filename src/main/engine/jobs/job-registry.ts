// Long-running work (exports, backups, imports) as jobs: started, followed through progress
// events, and kept for a while afterwards so a client that reconnects can still see how
// they ended.
import { randomUUID } from 'node:crypto';
import type { Job } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';

const KEEP = 100;
/** Progress events at most this often per job. */
const EMIT_EVERY_MS = 200;

type Listener = (job: Job) => void;

export interface JobHandle {
  id: string;
  progress(fraction: number, rows: number): void;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<Listener>();

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
    const handle: JobHandle = {
      id: job.id,
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
    work(handle).then(
      (rows) =>
        this.update(job.id, { state: 'done', progress: 1, rows, finishedAt: this.clock(), download: target.download }),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log(`${kind} job ${job.id} failed: ${message}`);
        this.update(job.id, { state: 'failed', finishedAt: this.clock(), error: message });
      },
    );
    return { ...job };
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
