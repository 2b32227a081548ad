// The passages an answer or a report is built from, numbered as the model and the operator see
// them: `[n]` names `passages[n - 1]`. Two kinds: chunks of the knowledge base (as search found
// them), and what the plant already knows about this alarm — the comments operators wrote on it
// (one passage) and each earlier alarm of the same key with how it was closed (one passage each)
// — or about this device: the experts' labels of its incidents (one passage each: verdict, cause,
// range, author, note).
//
// Decisions:
// - Only passages with something to say: an alarm nobody commented on has no journal passage, and
//   a past alarm closed without any comment still says when it happened and who closed it (that a
//   pressure alarm recurs every Monday is worth knowing).
// - Times are ISO UTC: the model reads them as text and the operator can compare them with the trend.
// - A label travels as an `alarm` passage (the contract's kind for the plant's own records, so
//   every client already shows and opens it) with ref `label:<id>`, and the alarm it was made on
//   as its alarmId (null for a dragged range or an anomaly).
import type { Passage } from '../../../../shared/contract/assistant';
import { VERDICT_TITLES } from '../../../../shared/contract/annotations';
import type { Alarm, AlarmJournalEntry } from '../../../../shared/domain';
import type { LabelRange } from '../../annotations/annotation-ports';
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

/** Expert labels of the device, one passage each, numbered from `first`. */
export function labelPassages(labels: readonly LabelRange[], first: number): Passage[] {
  return labels.map((l, i) => {
    const series = `${l.deviceId}/${l.signal === '*' ? '* (the whole device)' : l.signal}`;
    const parts = [
      `Verdict: ${VERDICT_TITLES[l.verdict]}.`,
      `Cause: ${l.cause ?? 'not given'}.`,
      `From ${iso(l.from)} to ${iso(l.to)} on ${series}, labelled by ${l.author}.`,
    ];
    if (l.target.type === 'alarm') parts.push(`Made on alarm ${l.target.alarmId}.`);
    if (l.target.type === 'anomaly') parts.push(`Made on a ${l.target.kind} anomaly (${l.target.detector}).`);
    if (l.text.trim()) parts.push(`Note: ${l.text.trim()}`);
    return {
      n: first + i,
      kind: 'alarm',
      ref: `label:${l.id}`,
      path: null,
      title: `Expert label on ${l.deviceId}/${l.signal} ${iso(l.from)}: ${VERDICT_TITLES[l.verdict]}${l.cause ? ` — ${l.cause}` : ''}`,
      headingPath: [],
      page: null,
      alarmId: l.target.type === 'alarm' ? l.target.alarmId : null,
      text: parts.join(' '),
    };
  });
}

/** The labels worth telling: the most recently ended first; those of `signal` and "*" before the others when given. */
export function recentLabels(labels: readonly LabelRange[], limit: number, signal?: string): LabelRange[] {
  const near = (l: LabelRange) => (signal === undefined || l.signal === signal || l.signal === '*' ? 0 : 1);
  return [...labels].sort((a, b) => near(a) - near(b) || b.to - a.to || b.from - a.from).slice(0, limit);
}
