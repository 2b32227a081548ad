// The Labels part's filters as the form holds them (text fields, local date-times) and as the
// engine is asked for them (annotations.list / annotations.export), and how a live change
// (annotations.changes) lands in the page on screen without a reload: a changed label is
// replaced where it is, a new one that matches the filters appears, one that no longer matches
// (deleted while deleted ones are hidden, a verdict filtered out) goes.
import type { Annotation, ParamsIn, Verdict } from '../../../../shared/contract';
import { parseLocalInputValue } from '../device/history-range';

export interface LabelFilterForm {
  deviceId: string;
  verdicts: readonly Verdict[];
  author: string;
  /** `datetime-local` values; empty for no bound. */
  from: string;
  to: string;
  q: string;
  includeDeleted: boolean;
}

export const NO_FILTERS: LabelFilterForm = {
  deviceId: '',
  verdicts: [],
  author: '',
  from: '',
  to: '',
  q: '',
  includeDeleted: false,
};

type Filters = Omit<ParamsIn<'annotations.list'>, 'limit' | 'cursor'>;

/** The filters the engine is asked for; empty fields ask for nothing. A bad date is an error to show. */
export function filterParams(form: LabelFilterForm): { params: Filters } | { error: string } {
  const params: Filters = { includeDeleted: form.includeDeleted };
  if (form.deviceId.trim()) params.deviceId = form.deviceId.trim();
  if (form.verdicts.length > 0) params.verdicts = [...form.verdicts];
  if (form.author.trim()) params.author = form.author.trim();
  if (form.q.trim()) params.q = form.q.trim();
  for (const side of ['from', 'to'] as const) {
    if (!form[side]) continue;
    const ts = parseLocalInputValue(form[side]);
    if (ts === null) return { error: `The "${side}" time is not a valid date and time.` };
    params[side] = ts;
  }
  if (params.from !== undefined && params.to !== undefined && params.from > params.to)
    return { error: '"From" is after "to".' };
  return { params };
}

/** Whether a label belongs in a list asked for with these filters (the engine's own rule, for live changes). */
export function matchesFilters(label: Annotation, f: Filters): boolean {
  if (label.deleted && !f.includeDeleted) return false;
  if (f.deviceId !== undefined && label.deviceId !== f.deviceId) return false;
  if (f.verdicts && !f.verdicts.includes(label.verdict)) return false;
  if (f.author !== undefined && label.author !== f.author) return false;
  if (f.from !== undefined && label.to < f.from) return false;
  if (f.to !== undefined && label.from > f.to) return false;
  if (f.q !== undefined) {
    const hay = `${label.text} ${label.cause ?? ''}`.toLowerCase();
    if (
      !f.q
        .toLowerCase()
        .split(/\s+/)
        .every((w) => hay.includes(w))
    )
      return false;
  }
  return true;
}

export interface LabelPage {
  items: readonly Annotation[];
  total: number;
}

/**
 * A live change on the page shown. New labels appear only on the first page (newest first, by
 * start) and in their place; an older revision never replaces a newer one (events and answers
 * can cross).
 */
export function applyChange(page: LabelPage, label: Annotation, filters: Filters, firstPage: boolean): LabelPage {
  const index = page.items.findIndex((a) => a.id === label.id);
  const keep = matchesFilters(label, filters);
  if (index >= 0) {
    if (page.items[index]!.revision > label.revision) return page;
    if (!keep) return { items: page.items.filter((a) => a.id !== label.id), total: Math.max(0, page.total - 1) };
    const items = [...page.items];
    items[index] = label;
    return { items, total: page.total };
  }
  if (!keep || !firstPage) return page;
  const at = page.items.findIndex((a) => a.from < label.from);
  const items = [...page.items];
  items.splice(at < 0 ? items.length : at, 0, label);
  return { items, total: page.total + 1 };
}
