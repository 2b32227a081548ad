// What the export progress shows, as pure functions: folding job updates (a stream event, a
// poll and the start answer may arrive in any order) into the newest state, and where the
// finished file is. In a browser the engine serves it over HTTP; in Electron there is no HTTP
// server, so the operator is told where the engine saved it.
import type { Job } from '../../../../shared/contract';

import { isFinished } from '../../api/follow-job';

export { isFinished };

/** Applies an update about `next.id`; updates about other jobs, or older than what is held, are ignored. */
export function mergeJobUpdate(held: Job | null, next: Job): Job | null {
  if (!held) return next;
  if (held.id !== next.id) return held;
  if (isFinished(held)) return held;
  if (isFinished(next)) return next;
  return next.progress >= held.progress ? next : held;
}

export type DownloadTarget = { kind: 'link'; href: string; name: string } | { kind: 'path'; path: string };

export function downloadTarget(job: Job, inElectron: boolean): DownloadTarget | null {
  if (job.state !== 'done') return null;
  if (!inElectron && job.download) {
    return { kind: 'link', href: `/api/exports/${encodeURIComponent(job.download)}`, name: job.download };
  }
  return job.path ? { kind: 'path', path: job.path } : null;
}
