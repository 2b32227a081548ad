// After a re-queue the table must tell the truth at once: accepted payloads gone, rejected ones
// with the engine's new reason and attempt count, and the per-source counts in step.
import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../../shared/domain';
import {
  pagePosition,
  applyDiscard,
  applyRequeueResults,
  rejectionsOf,
  summarizeRequeue,
  type DeadLetterPage,
} from './dead-letter-page';

const letter = (id: number, source: string, extra: Partial<DeadLetter> = {}): DeadLetter => ({
  id,
  at: 1_000 + id,
  source,
  origin: 'watchfloor/devices/x/telemetry',
  reason: 'unknown device',
  raw: '{}',
  size: 2,
  truncated: false,
  attempts: 0,
  retriedAt: null,
  count: 1,
  ...extra,
});

const page = (): DeadLetterPage => ({
  total: 4,
  bySource: { mqtt: 3, kafka: 1 },
  items: [letter(4, 'mqtt'), letter(3, 'kafka'), letter(2, 'mqtt', { attempts: 2 }), letter(1, 'mqtt')],
  next: null,
  newer: 0,
  dropped: { count: 0, lastAt: null },
});

describe('merging re-queue results', () => {
  const results = [
    { id: 1, ok: true, reason: null },
    { id: 2, ok: false, reason: 'value is not a finite number' },
    { id: 4, ok: true, reason: null },
    { id: 77, ok: false, reason: 'no such dead letter' },
  ];

  it('drops accepted rows and updates rejected ones in place', () => {
    const next = applyRequeueResults(page(), results, 5_000);
    expect(next.items.map((d) => d.id)).toEqual([3, 2]);
    expect(next.items[1]).toMatchObject({ reason: 'value is not a finite number', attempts: 3, retriedAt: 5_000 });
    expect(next.items[0]).toEqual(page().items[1]);
  });

  it('keeps the counts per source and the total in step', () => {
    const next = applyRequeueResults(page(), results, 5_000);
    expect(next.total).toBe(2);
    expect(next.bySource).toEqual({ mqtt: 1, kafka: 1 });
  });

  it('notes the new reason of each rejected row, and counts the outcome', () => {
    const notes = rejectionsOf(results);
    expect(notes.get(2)).toBe('value is not a finite number');
    expect(notes.has(1)).toBe(false);
    expect(summarizeRequeue(results, 1)).toEqual({ accepted: 2, rejected: 2, skipped: 1 });
  });

  it('keeps the old reason when the engine gives none', () => {
    const next = applyRequeueResults(page(), [{ id: 3, ok: false, reason: null }], 5_000);
    expect(next.items.find((d) => d.id === 3)).toMatchObject({ reason: 'unknown device', attempts: 1 });
  });
});

describe('discarding', () => {
  it('removes the rows and drops a source whose last letter went', () => {
    const next = applyDiscard(page(), [3, 4]);
    expect(next.items.map((d) => d.id)).toEqual([2, 1]);
    expect(next.bySource).toEqual({ mqtt: 2 });
    expect(next.total).toBe(2);
  });

  it('changes nothing for ids it does not hold', () => {
    const before = page();
    expect(applyDiscard(before, [42])).toBe(before);
  });
});

describe('where a page stands', () => {
  it('counts positions from the newest letter, and never shows fewer in all than on the page', () => {
    expect(pagePosition({ ...page(), newer: 200 }, 1234)).toEqual({ first: 201, last: 204, total: 1234 });
    expect(pagePosition({ ...page(), items: [] }, 0)).toEqual({ first: 0, last: 0, total: 0 });
    // Counts that lag behind the page (a refresh in between) do not make "5–8 of 6".
    expect(pagePosition({ ...page(), newer: 4 }, 6)).toEqual({ first: 5, last: 8, total: 8 });
  });
});
