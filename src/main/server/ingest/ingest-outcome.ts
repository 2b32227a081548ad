// What an ingest request is answered once the pipeline is done with it: 202 with per-row
// reasons when anything was stored, 400 with the same reasons when nothing was. The rejected
// rows are in dead letters either way; the list in the answer is capped so that a 100k-row
// upload of garbage does not come back as a 10 MB error.
import type { IngestOutcome } from '../../engine/ingest/pipeline';
import { refusal } from './ingest-errors';

/** Rejections listed in one answer; `meta.rejected` always has the full count. */
export const MAX_LISTED_REJECTIONS = 1000;

export interface IngestReply {
  data: { accepted: number; rejected: IngestOutcome['rejected'] };
  meta: { rows: number; rejected: number; truncated?: true };
}

/** Throws a REJECTED refusal (400) when no reading was accepted. */
export function replyFor(outcome: IngestOutcome, rows: number): IngestReply {
  const listed = outcome.rejected.slice(0, MAX_LISTED_REJECTIONS);
  const truncated = listed.length < outcome.rejected.length;
  if (outcome.accepted === 0) {
    const first = outcome.rejected[0]?.reason ?? 'no readings';
    const message =
      outcome.rejected.length <= 1 ? first : `all ${outcome.rejected.length} readings were rejected; first: ${first}`;
    throw refusal('REJECTED', message, {
      accepted: 0,
      rejected: listed,
      rows,
      ...(truncated ? { truncated } : {}),
    });
  }
  return {
    data: { accepted: outcome.accepted, rejected: listed },
    meta: { rows, rejected: outcome.rejected.length, ...(truncated ? { truncated } : {}) },
  };
}
