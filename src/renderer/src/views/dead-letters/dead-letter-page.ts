// The Dead letters view's copy of `deadLetters.list`, and how an operator's action changes it
// before the next refresh confirms: re-queued payloads that were accepted vanish, those rejected
// again show the new reason and one more attempt; discarded ones vanish. Counts per source and
// the total follow, so the chips do not lag behind the table.
import type { ResultOf } from '../../../../shared/contract';
import type { DeadLetter } from '../../../../shared/domain';

export type DeadLetterPage = ResultOf<'deadLetters.list'>;

/** Where a page stands in the list: "201–400 of 12,345" (positions from 1). */
export function pagePosition(page: DeadLetterPage, total: number): { first: number; last: number; total: number } {
  const first = page.items.length === 0 ? 0 : page.newer + 1;
  const last = page.newer + page.items.length;
  return { first, last, total: Math.max(total, last) };
}
export type RequeueResult = ResultOf<'deadLetters.requeue'>[number];

function withoutIds(page: DeadLetterPage, ids: ReadonlySet<number>): DeadLetterPage {
  const gone = page.items.filter((d) => ids.has(d.id));
  if (gone.length === 0) return page;
  const bySource = { ...page.bySource };
  for (const d of gone) {
    const left = (bySource[d.source] ?? 0) - 1;
    if (left > 0) bySource[d.source] = left;
    else delete bySource[d.source];
  }
  return {
    ...page,
    total: Math.max(0, page.total - gone.length),
    bySource,
    items: page.items.filter((d) => !ids.has(d.id)),
  };
}

export function applyDiscard(page: DeadLetterPage, ids: readonly number[]): DeadLetterPage {
  return withoutIds(page, new Set(ids));
}

/**
 * Merges a re-queue's results into the page. Ids the page does not hold are ignored. A rejected
 * row counts one more attempt, as the engine does; the refresh that follows brings its own
 * figures, which win.
 */
export function applyRequeueResults(
  page: DeadLetterPage,
  results: readonly RequeueResult[],
  at: number,
): DeadLetterPage {
  const accepted = new Set(results.filter((r) => r.ok).map((r) => r.id));
  const rejected = new Map(results.filter((r) => !r.ok).map((r) => [r.id, r]));
  const remaining = withoutIds(page, accepted);
  const items = remaining.items.map((d): DeadLetter => {
    const r = rejected.get(d.id);
    return r ? { ...d, reason: r.reason ?? d.reason, attempts: d.attempts + 1, retriedAt: at } : d;
  });
  return { ...remaining, items };
}

/**
 * The per-row notes shown after a re-queue: the new reason of each rejected row (the row itself
 * carries the attempt count). Rows that are gone are simply never looked up.
 */
export function rejectionsOf(results: readonly RequeueResult[]): Map<number, string | null> {
  return new Map(results.filter((r) => !r.ok).map((r) => [r.id, r.reason]));
}

export interface RequeueSummary {
  accepted: number;
  rejected: number;
  /** Selected but truncated, so not sent. */
  skipped: number;
}

export function summarizeRequeue(results: readonly RequeueResult[], skipped: number): RequeueSummary {
  const accepted = results.filter((r) => r.ok).length;
  return { accepted, rejected: results.length - accepted, skipped };
}
