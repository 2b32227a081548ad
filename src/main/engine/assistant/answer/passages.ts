// The passages an answer or a report is built from, numbered as the model and the operator see
// them: `[n]` names `passages[n - 1]`. Two kinds: chunks of the knowledge base (as search found
// them), and what the plant already knows about this alarm — the comments operators wrote on it
// (one passage) and each earlier alarm of the same key with how it was closed (one passage each).
//
// Decisions:
// - Only passages with something to say: an alarm nobody commented on has no journal passage, and
//   a past alarm closed without any comment still says when it happened and who closed it (that a
//   pressure alarm recurs every Monday is worth knowing).
// - Times are ISO UTC: the model reads them as text and the operator can compare them with the trend.
import type { Passage } from '../../../../shared/contract/assistant';
import type { Alarm, AlarmJournalEntry } from '../../../../shared/domain';
import type { SearchHit } from '../knowledge/knowledge-search';

/** Search hits as document passages, numbered from `first`. */
export function documentPassages(hits: readonly SearchHit[], first = 1): Passage[] {
  return hits.map((h, i) => ({
    n: first + i,
    kind: 'document',
    ref: h.chunkId,
    path: h.path,
    title: h.title,
    headingPath: h.headingPath,
    page: h.page,
    alarmId: null,
    text: h.text,
  }));
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * This alarm's operator comments (one passage), then each past alarm of the same key (one
 * passage each), numbered from `first`.
 */
export function alarmPassages(
  alarm: Alarm,
  journal: readonly AlarmJournalEntry[],
  past: readonly Alarm[],
  first: number,
): Passage[] {
  const out: Passage[] = [];
  const push = (a: Alarm, title: string, text: string) =>
    out.push({
      n: first + out.length,
      kind: 'alarm',
      ref: `alarm:${a.id}`,
      path: null,
      title,
      headingPath: [],
      page: null,
      alarmId: a.id,
      text,
    });

  const comments = journal
    .filter((e) => e.comment && e.comment.trim().length > 0)
    .map((e) => `${iso(e.at)} ${e.event}${e.by ? ` by ${e.by}` : ''}: ${e.comment!.trim()}`);
  if (comments.length > 0) push(alarm, `Comments on this alarm (${alarm.key})`, comments.join('\n'));

  for (const p of past) push(p, `Earlier alarm ${p.key} raised ${iso(p.raisedAt)}`, describePast(p));
  return out;
}

function describePast(p: Alarm): string {
  const parts = [
    `Raised ${iso(p.raisedAt)}, priority ${p.priority}, ${p.count} occurrence${p.count === 1 ? '' : 's'}.`,
    `Value ${p.value}${p.limit !== null ? ` against limit ${p.limit}` : ''}${p.message ? ` (${p.message})` : ''}.`,
  ];
  if (p.ackComment) parts.push(`Acknowledged${p.ackedBy ? ` by ${p.ackedBy}` : ''}: ${p.ackComment}`);
  if (p.closedAt !== null) {
    parts.push(
      `Closed ${iso(p.closedAt)}${p.closedBy ? ` by ${p.closedBy}` : ''}${p.closeComment ? `: ${p.closeComment}` : ' without a comment.'}`,
    );
  }
  return parts.join(' ');
}
