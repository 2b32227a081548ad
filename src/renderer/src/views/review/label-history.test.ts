// A label's history reads as what changed, and an edit sends only the changed fields with the
// revision it was made against (so a stale edit is refused, not applied over someone else's).
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../shared/contract';
import { toLocalInputValue } from '../device/history-range';
import { changedFields, draftOf, rebaseDraft, updateFor } from './label-history';

const at = new Date(2026, 11, 6, 8, 0).getTime();
const label: Annotation = {
  id: 'a1',
  deviceId: 'device-001',
  signal: 'temperature',
  from: at,
  to: at + 600_000,
  verdict: 'false-alarm',
  cause: null,
  text: 'loose probe',
  target: { type: 'range' },
  author: 'anna',
  createdAt: 1,
  updatedAt: 1,
  updatedBy: 'anna',
  revision: 4,
  deleted: false,
  corrections: 0,
};

describe('changedFields', () => {
  it('lists the fields that changed with their titles', () => {
    const after = { ...label, verdict: 'unsure' as const, cause: 'Calibration' };
    expect(changedFields(label, after)).toEqual([
      { field: 'verdict', before: 'False alarm', after: 'Unsure' },
      { field: 'cause', before: '—', after: 'Calibration' },
    ]);
  });

  it('shows every set field of a creation', () => {
    expect(changedFields(null, label).map((c) => c.field)).toEqual([
      'verdict',
      'text',
      'from',
      'to',
      'signal',
      'deviceId',
    ]);
  });
});

describe('updateFor', () => {
  it('sends nothing when nothing changed', () => {
    expect(updateFor(label, draftOf(label))).toBeNull();
  });

  it('sends only the changed fields, with the revision', () => {
    const draft = {
      ...draftOf(label),
      verdict: 'bad-data' as const,
      cause: 'Sensor fault',
      to: toLocalInputValue(at + 1_200_000),
    };
    expect(updateFor(label, draft)).toEqual({
      params: { id: 'a1', revision: 4, verdict: 'bad-data', cause: 'Sensor fault', to: at + 1_200_000 },
    });
    expect(updateFor({ ...label, cause: 'Calibration' }, { ...draftOf(label), cause: '' })).toEqual({
      params: { id: 'a1', revision: 4, cause: null },
    });
  });

  it('refuses a range that ends before it starts', () => {
    expect(updateFor(label, { ...draftOf(label), from: toLocalInputValue(at + 3_600_000) })).toEqual({
      error: '"From" is after "to".',
    });
  });
});

describe('rebaseDraft', () => {
  it('keeps the expert’s own changes and takes the others’ from the label as it is now', () => {
    const draft = { ...draftOf(label), text: 'my text' };
    const current = { ...label, revision: 5, cause: 'Calibration', text: 'their text' };
    const rebased = rebaseDraft(label, draft, current);
    expect(rebased).toEqual({ ...draftOf(current), text: 'my text' });
    // Saved against the current revision, it sends only the expert's change: the cause stays.
    expect(updateFor(current, rebased)).toEqual({ params: { id: 'a1', revision: 5, text: 'my text' } });
  });
});
