// What a history entry changed, field by field, as the details view lists it ("verdict: False
// alarm → Unsure"), and what an edit sends: only the fields the expert changed, with the
// revision the edit was made against (the engine answers CONFLICT when the label moved on).
import type { ParamsIn } from '../../../../shared/contract';
import {
  VERDICT_TITLES,
  type Annotation,
  type AnnotationFields,
  type Verdict,
} from '../../../../shared/contract/annotations';
import { formatLocalTime } from '../../components/format';
import { parseLocalInputValue, toLocalInputValue } from '../device/history-range';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const SHOWN: readonly (keyof AnnotationFields)[] = ['verdict', 'cause', 'text', 'from', 'to', 'signal', 'deviceId'];

function show(field: keyof AnnotationFields, fields: AnnotationFields | null): string {
  if (!fields) return '—';
  const value = fields[field];
  if (field === 'verdict') return VERDICT_TITLES[value as Verdict];
  if (field === 'from' || field === 'to') return formatLocalTime(value as number);
  if (value === null || value === '') return '—';
  return String(value);
}

/** The fields that differ between before and after (all set fields for a create). */
export function changedFields(before: AnnotationFields | null, after: AnnotationFields | null): FieldChange[] {
  return SHOWN.filter((f) => show(f, before) !== show(f, after)).map((field) => ({
    field,
    before: show(field, before),
    after: show(field, after),
  }));
}

export interface LabelDraft {
  verdict: Verdict;
  cause: string;
  text: string;
  from: string;
  to: string;
}

export function draftOf(a: Annotation): LabelDraft {
  return {
    verdict: a.verdict,
    cause: a.cause ?? '',
    text: a.text,
    from: toLocalInputValue(a.from),
    to: toLocalInputValue(a.to),
  };
}

/** The update for a draft: only what changed; an error to show when a time is wrong; null when nothing changed. */
export function updateFor(
  a: Annotation,
  draft: LabelDraft,
): { params: ParamsIn<'annotations.update'> } | { error: string } | null {
  const params: ParamsIn<'annotations.update'> = { id: a.id, revision: a.revision };
  const before = draftOf(a);
  if (draft.verdict !== a.verdict) params.verdict = draft.verdict;
  if (draft.cause !== before.cause) params.cause = draft.cause || null;
  if (draft.text !== a.text) params.text = draft.text;
  for (const side of ['from', 'to'] as const) {
    if (draft[side] === before[side]) continue;
    const ts = parseLocalInputValue(draft[side]);
    if (ts === null) return { error: `The "${side}" time is not a valid date and time.` };
    params[side] = ts;
  }
  if ((params.from ?? a.from) > (params.to ?? a.to)) return { error: '"From" is after "to".' };
  return Object.keys(params).length > 2 ? { params } : null;
}

/**
 * After a CONFLICT: the expert's own changes (fields they changed from the label they opened)
 * laid over the label as it is now, so saving again neither loses their edit nor silently undoes
 * the other person's.
 */
export function rebaseDraft(opened: Annotation, draft: LabelDraft, current: Annotation): LabelDraft {
  const was = draftOf(opened);
  const now = draftOf(current);
  const pick = <K extends keyof LabelDraft>(k: K): LabelDraft[K] => (draft[k] !== was[k] ? draft[k] : now[k]);
  return { verdict: pick('verdict'), cause: pick('cause'), text: pick('text'), from: pick('from'), to: pick('to') };
}
