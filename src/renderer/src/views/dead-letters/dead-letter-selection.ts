// Which dead letters an action applies to. The selection only ever counts rows that are shown
// (a refresh or another filter silently drops the rest, so nothing invisible is acted on). A
// truncated payload can be selected, to be discarded, but it is never sent to be re-queued: only
// its first bytes were kept.
import type { DeadLetter } from '../../../../shared/domain';

export type Selection = ReadonlySet<number>;
type Row = Pick<DeadLetter, 'id' | 'truncated'>;

export const canRequeue = (row: Pick<DeadLetter, 'truncated'>): boolean => !row.truncated;

export function toggleSelected(selected: Selection, id: number): Selection {
  const next = new Set(selected);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The selected rows among those shown, in the order shown. */
export function selectedRows<T extends Row>(selected: Selection, shown: readonly T[]): T[] {
  return shown.filter((row) => selected.has(row.id));
}

export type SelectAllState = 'none' | 'some' | 'all';

export function selectAllState(selected: Selection, shown: readonly Row[]): SelectAllState {
  const n = selectedRows(selected, shown).length;
  return n === 0 ? 'none' : n === shown.length ? 'all' : 'some';
}

/** "Select all shown": selects every shown row, or clears the selection when all already were. */
export function toggleAllShown(selected: Selection, shown: readonly Row[]): Selection {
  return selectAllState(selected, shown) === 'all' ? new Set() : new Set(shown.map((row) => row.id));
}

export interface RequeuePlan {
  ids: number[];
  /** Selected but truncated: left out. */
  skipped: number;
}

export function requeuePlan(selected: Selection, shown: readonly Row[]): RequeuePlan {
  const rows = selectedRows(selected, shown);
  const ids = rows.filter(canRequeue).map((row) => row.id);
  return { ids, skipped: rows.length - ids.length };
}

export function discardIds(selected: Selection, shown: readonly Row[]): number[] {
  return selectedRows(selected, shown).map((row) => row.id);
}
