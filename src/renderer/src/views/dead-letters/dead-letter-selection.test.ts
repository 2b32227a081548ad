// What the operator ticks is what gets re-queued or discarded: never a row that is not shown,
// never a truncated payload sent for re-queue.
import { describe, expect, it } from 'vitest';
import {
  discardIds,
  requeuePlan,
  selectAllState,
  selectedRows,
  toggleAllShown,
  toggleSelected,
} from './dead-letter-selection';

const row = (id: number, truncated = false) => ({ id, truncated });

describe('dead-letter selection', () => {
  it('ticks and unticks one row', () => {
    const one = toggleSelected(new Set(), 7);
    expect([...one]).toEqual([7]);
    expect([...toggleSelected(one, 7)]).toEqual([]);
  });

  it('selects all of a filtered list, and only that list', () => {
    const shown = [row(3), row(2), row(1, true)];
    const all = toggleAllShown(new Set([99]), shown);
    expect([...all].sort()).toEqual([1, 2, 3]);
    expect(selectAllState(all, shown)).toBe('all');
    expect(selectAllState(new Set([2]), shown)).toBe('some');
    expect(selectAllState(new Set([99]), shown)).toBe('none');
  });

  it('clears the selection when every shown row was already selected', () => {
    const shown = [row(3), row(2)];
    expect(toggleAllShown(new Set([2, 3]), shown).size).toBe(0);
  });

  it('leaves truncated payloads out of a re-queue but not out of a discard', () => {
    const shown = [row(3), row(2, true), row(1)];
    const selected = new Set([1, 2, 3]);
    expect(requeuePlan(selected, shown)).toEqual({ ids: [3, 1], skipped: 1 });
    expect(discardIds(selected, shown)).toEqual([3, 2, 1]);
  });

  it('acts only on rows still shown after a refresh or another filter', () => {
    const selected = new Set([1, 2, 5]);
    const shown = [row(2), row(1)];
    expect(selectedRows(selected, shown).map((r) => r.id)).toEqual([2, 1]);
    expect(requeuePlan(selected, shown).ids).toEqual([2, 1]);
    expect(discardIds(selected, [])).toEqual([]);
  });
});
