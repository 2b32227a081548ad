import { describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { JobRegistry, type JobHandle } from './job-registry';

/** Work that runs until its signal aborts, checking it the way row loops do. */
function untilCancelled(job: JobHandle, seen: { rows: number }): Promise<number> {
  return new Promise<number>((_, reject) => {
    const timer = setInterval(() => {
      if (job.signal.aborted) {
        clearInterval(timer);
        reject(job.signal.reason as Error);
        return;
      }
      seen.rows++;
      job.progress(0.1, seen.rows);
    }, 2);
  });
}

function registry() {
  const log: string[] = [];
  const jobs = new JobRegistry(Date.now, (m) => log.push(m));
  const states: Job['state'][] = [];
  jobs.onChange((j) => states.push(j.state));
  return { jobs, log, states };
}

async function ended(jobs: JobRegistry, id: string): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const job = jobs.get(id);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('job did not end');
}

describe('job cancellation', () => {
  it('aborts the work, which stops, and the job ends cancelled without an error', async () => {
    const { jobs, log } = registry();
    const seen = { rows: 0 };
    const job = jobs.start('export', { path: '/tmp/x.csv', download: 'x.csv' }, (h) => untilCancelled(h, seen));
    await new Promise((r) => setTimeout(r, 20));
    expect(jobs.cancel(job.id, 'local').state).toBe('running');
    const end = await ended(jobs, job.id);
    expect(end).toMatchObject({ state: 'cancelled', error: null, download: null });
    expect(end.finishedAt).not.toBeNull();
    const rows = seen.rows;
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.rows).toBe(rows); // it really stopped
    expect(log.join('\n')).toContain('cancelled by local');
  });

  it('hands the work a CANCELLED reason to throw', async () => {
    const { jobs } = registry();
    let reason: unknown;
    const job = jobs.start('import', { path: null, download: null }, (h) => {
      return new Promise((_, reject) =>
        h.signal.addEventListener('abort', () => {
          reason = h.signal.reason;
          reject(reason as Error);
        }),
      );
    });
    jobs.cancel(job.id, 'local');
    await ended(jobs, job.id);
    expect(reason).toBeInstanceOf(EngineError);
    expect((reason as EngineError).code).toBe('CANCELLED');
  });

  it('leaves a finished job as it is, and a job that finishes despite the request done', async () => {
    const { jobs } = registry();
    const quick = jobs.start('backup', { path: null, download: null }, async () => 3);
    await ended(jobs, quick.id);
    expect(jobs.cancel(quick.id, 'local').state).toBe('done');
    expect(jobs.get(quick.id).state).toBe('done');
    // Work that ignores the signal and succeeds: its result stands.
    let finish: (rows: number) => void = () => {};
    const stubborn = jobs.start('train', { path: null, download: null }, () => new Promise((r) => (finish = r)));
    jobs.cancel(stubborn.id, 'local');
    finish(7);
    expect(await ended(jobs, stubborn.id)).toMatchObject({ state: 'done', rows: 7 });
  });

  it('answers NOT_FOUND for a job it does not know', () => {
    const { jobs } = registry();
    expect(() => jobs.cancel('nope', 'local')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('cancels every running job at stop and waits until their work has ended', async () => {
    const { jobs } = registry();
    const a = jobs.start('export', { path: null, download: null }, (h) => untilCancelled(h, { rows: 0 }));
    const b = jobs.start('import', { path: null, download: null }, (h) => untilCancelled(h, { rows: 0 }));
    await jobs.stop();
    expect([jobs.get(a.id).state, jobs.get(b.id).state]).toEqual(['cancelled', 'cancelled']);
  });

  it('still fails a job whose work fails without being cancelled', async () => {
    const { jobs, states } = registry();
    const job = jobs.start('export', { path: null, download: null }, async () => {
      throw new Error('disk full');
    });
    expect(await ended(jobs, job.id)).toMatchObject({ state: 'failed', error: 'disk full' });
    expect(states).toEqual(['running', 'failed']);
  });
});
