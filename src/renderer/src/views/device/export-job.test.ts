// The export progress must only move forward, and the finished file must be reachable the way
// the runtime allows: a link in a browser, the saved path in the desktop app.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../shared/contract';
import { downloadTarget, mergeJobUpdate } from './export-job';

const job = (over: Partial<Job> = {}): Job => ({
  id: 'j1',
  kind: 'export',
  state: 'running',
  progress: 0,
  rows: 0,
  startedAt: 1,
  finishedAt: null,
  path: null,
  download: null,
  error: null,
  ...over,
});

describe('export job updates', () => {
  it('takes newer progress and ignores older', () => {
    const held = job({ progress: 0.5 });
    expect(mergeJobUpdate(held, job({ progress: 0.7 }))?.progress).toBe(0.7);
    expect(mergeJobUpdate(held, job({ progress: 0.2 }))?.progress).toBe(0.5);
  });

  it('keeps a finished job finished when a late progress event arrives', () => {
    const done = job({ state: 'done', progress: 1, path: '/data/exports/x.csv' });
    expect(mergeJobUpdate(done, job({ progress: 0.9 }))).toBe(done);
    expect(mergeJobUpdate(job({ progress: 0.9 }), done)).toBe(done);
  });

  it('ignores updates about another job', () => {
    const held = job();
    expect(mergeJobUpdate(held, job({ id: 'other', progress: 1 }))).toBe(held);
  });
});

describe('where the exported file is', () => {
  const done = job({ state: 'done', progress: 1, path: '/var/wf/exports/a b.csv', download: 'a b.csv' });

  it('is a link to the engine in a browser', () => {
    expect(downloadTarget(done, false)).toEqual({ kind: 'link', href: '/api/exports/a%20b.csv', name: 'a b.csv' });
  });

  it('is the saved path in Electron, where there is no HTTP server', () => {
    expect(downloadTarget(done, true)).toEqual({ kind: 'path', path: '/var/wf/exports/a b.csv' });
  });

  it('is the path when the engine offers no download', () => {
    expect(downloadTarget({ ...done, download: null }, false)).toEqual({
      kind: 'path',
      path: '/var/wf/exports/a b.csv',
    });
  });

  it('is nothing before the job is done', () => {
    expect(downloadTarget(job({ progress: 0.5 }), false)).toBeNull();
    expect(downloadTarget(job({ state: 'failed', error: 'disk full' }), false)).toBeNull();
  });
});
