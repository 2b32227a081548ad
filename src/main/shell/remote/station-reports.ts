// A desktop attached to a central engine records its update events (refused, downloaded,
// installing, deferred, settings changed) in the central engine's audit trail, as `station.report`
// calls over the desktop's session: the central engine's audit entry is the call, with the
// signed-in user as its actor. The report has no actor field of its own, so who acted on this
// station (a user's consent, or the updater by itself) is said at the end of its message.
//
// While nobody is signed in (or the session is locked, or the engine cannot be reached) reports
// wait in a bounded queue — the newest MAX_QUEUED_REPORTS; older ones are dropped, and the next
// report sent says how many — and go out, oldest first, at the next sign-in, or on the next try
// (every RETRY_MS while some wait). Nothing is kept on disk: a restart of the app forgets them (the
// station's own log still has them).
import type { StationReport } from '../../../shared/contract/station';
import { EngineError } from '../../../shared/errors';
import type { StationAuditEvent } from '../updates/update-service-options';

export const MAX_QUEUED_REPORTS = 200;
const RETRY_MS = 30_000;
const MAX_MESSAGE = 2000;

export interface StationReportsOptions {
  send(report: StationReport): Promise<unknown>;
  log?: (message: string) => void;
  retryMs?: number;
}

export function reportOf(event: StationAuditEvent): StationReport {
  const { actor, action, outcome, version, stationVersion, message } = event;
  const who = actor === 'station' ? 'by the station itself' : `by ${actor} on this station`;
  return { action, outcome, version, stationVersion, message: `${message} (${who})`.slice(0, MAX_MESSAGE) };
}

export class StationReports {
  private readonly queue: StationReport[] = [];
  private dropped = 0;
  private sending = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: StationReportsOptions) {}

  get waiting(): number {
    return this.queue.length;
  }

  add(event: StationAuditEvent): void {
    if (this.stopped) return;
    this.queue.push(reportOf(event));
    if (this.queue.length > MAX_QUEUED_REPORTS) {
      this.queue.shift();
      if (this.dropped++ === 0)
        this.options.log?.(`more than ${MAX_QUEUED_REPORTS} update events wait for a sign-in; dropping the oldest`);
    }
    void this.flush();
  }

  /** Sends what waits, oldest first; stops at the first that cannot go (tried again later). */
  async flush(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const next = this.queue[0]!;
        const report = this.dropped > 0 ? withDropped(next, this.dropped) : next;
        try {
          await this.options.send(report);
          this.queue.shift();
          this.dropped = 0;
        } catch (err) {
          if (err instanceof EngineError && err.code === 'BAD_REQUEST') {
            this.options.log?.(`the central engine refused an update report: ${err.message}`);
            this.queue.shift();
            continue;
          }
          this.later();
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }

  private later(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.flush();
    }, this.options.retryMs ?? RETRY_MS);
    this.retry.unref?.();
  }
}

function withDropped(report: StationReport, dropped: number): StationReport {
  const note = ` [${dropped} earlier update event${dropped === 1 ? ' was' : 's were'} not recorded: too many waited for a sign-in]`;
  return { ...report, message: `${report.message.slice(0, MAX_MESSAGE - note.length)}${note}` };
}
