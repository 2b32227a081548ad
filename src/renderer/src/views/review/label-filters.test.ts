// The Labels filters: the form asks the engine for exactly what was filled in, a bad date is
// said rather than sent, and live changes land in the page the way a reload would show them.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../shared/contract';
import { applyChange, filterParams, matchesFilters, NO_FILTERS } from './label-filters';

const label = (id: string, from: number, extra: Partial<Annotation> = {}): Annotation => ({
  id,
  deviceId: 'device-001',
  signal: 'temperature',
  from,
  to: from + 10,
  verdict: 'false-alarm',
  cause: 'Sensor fault',
  text: 'Probe loose after cleaning',
  target: { type: 'range' },
  author: 'anna',
  createdAt: 1,
  updatedAt: 1,
  updatedBy: 'anna',
  revision: 1,
  deleted: false,
  corrections: 0,
  ...extra,
});

describe('filterParams', () => {
  it('asks for nothing but hiding deleted labels when the form is empty', () => {
    expect(filterParams(NO_FILTERS)).toEqual({ params: { includeDeleted: false } });
  });

  it('trims the text fields and turns local times into epoch ms', () => {
    const out = filterParams({
      ...NO_FILTERS,
      deviceId: ' device-002 ',
      verdicts: ['bad-data', 'unsure'],
      author: ' anna',
      q: ' probe  ',
      from: '2026-12-01T08:00',
      to: '2026-12-02T08:00',
      includeDeleted: true,
    });
    expect(out).toEqual({
      params: {
        deviceId: 'device-002',
        verdicts: ['bad-data', 'unsure'],
        author: 'anna',
        q: 'probe',
        from: new Date(2026, 11, 1, 8, 0).getTime(),
        to: new Date(2026, 11, 2, 8, 0).getTime(),
        includeDeleted: true,
      },
    });
  });

  it('says what is wrong with the times instead of asking', () => {
    expect(filterParams({ ...NO_FILTERS, from: '2026-02-31T08:00' })).toEqual({
      error: 'The "from" time is not a valid date and time.',
    });
    expect(filterParams({ ...NO_FILTERS, from: '2026-12-02T08:00', to: '2026-12-01T08:00' })).toEqual({
      error: '"From" is after "to".',
    });
  });
});

describe('matchesFilters', () => {
  it('finds all the words of the search in the text or the cause, in any order and case', () => {
    const f = { includeDeleted: false };
    expect(matchesFilters(label('a', 0), { ...f, q: 'CLEANING probe' })).toBe(true);
    expect(matchesFilters(label('a', 0), { ...f, q: 'sensor loose' })).toBe(true);
    expect(matchesFilters(label('a', 0), { ...f, q: 'probe pump' })).toBe(false);
  });

  it('keeps labels overlapping the time range and hides deleted ones unless asked', () => {
    const f = { includeDeleted: false };
    expect(matchesFilters(label('a', 100), { ...f, from: 105, to: 200 })).toBe(true);
    expect(matchesFilters(label('a', 100), { ...f, from: 111 })).toBe(false);
    expect(matchesFilters(label('a', 100, { deleted: true }), f)).toBe(false);
    expect(matchesFilters(label('a', 100, { deleted: true }), { includeDeleted: true })).toBe(true);
    expect(matchesFilters(label('a', 100), { ...f, verdicts: ['bad-data'] })).toBe(false);
  });
});

describe('applyChange', () => {
  const page = { items: [label('c', 300), label('a', 100)], total: 2 };
  const f = { includeDeleted: false };

  it('puts a new label in its place, newest first, on the first page only', () => {
    expect(applyChange(page, label('b', 200), f, true).items.map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect(applyChange(page, label('b', 200), f, true).total).toBe(3);
    expect(applyChange(page, label('b', 200), f, false)).toBe(page);
  });

  it('replaces a changed label, and drops one deleted while deleted ones are hidden', () => {
    const edited = applyChange(page, label('a', 100, { revision: 2, verdict: 'unsure' }), f, true);
    expect(edited.items[1]!.verdict).toBe('unsure');
    const gone = applyChange(page, label('a', 100, { revision: 2, deleted: true }), f, true);
    expect(gone).toEqual({ items: [page.items[0]], total: 1 });
  });

  it('never lets an older revision replace a newer one', () => {
    const newer = { items: [label('a', 100, { revision: 3, text: 'new' })], total: 1 };
    expect(applyChange(newer, label('a', 100, { revision: 2, text: 'old' }), f, true)).toBe(newer);
  });
});
