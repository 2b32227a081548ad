// How a suggested rule change reads on screen: the field's value in its unit (delays in
// seconds or minutes, limits as numbers), the change as "current → proposed", and the labels
// it rests on. Kept apart from the panel so the wording is tested without a browser.
import type { RuleSuggestion } from '../../../../../shared/contract/annotations';

const FIELD_TITLES: Record<string, string> = {
  onDelayMs: 'on-delay',
  offDelayMs: 'off-delay',
  deadband: 'deadband',
  hi: 'hi limit',
  lo: 'lo limit',
  maxPerSecond: 'largest change per second',
  samples: 'samples',
  durationMs: 'duration',
};

export function fieldTitle(field: string): string {
  return FIELD_TITLES[field] ?? field;
}

/** A value of the field: durations in s or min, others as the number. */
export function fieldValue(field: string, v: number | null): string {
  if (v === null) return 'not set';
  if (field.endsWith('Ms')) {
    if (v === 0) return 'none';
    return v < 60_000 ? `${+(v / 1000).toFixed(1)} s` : `${+(v / 60_000).toFixed(1)} min`;
  }
  return String(+v.toPrecision(6));
}

export function changeText(s: Pick<RuleSuggestion, 'field' | 'current' | 'proposed'>): string {
  return `${fieldValue(s.field, s.current)} → ${fieldValue(s.field, s.proposed)}`;
}

/** "3 labels: L1, L2, L3" (the first few ids, then how many more). */
export function labelsText(ids: readonly string[], shown = 4): string {
  const head = ids.slice(0, shown).join(', ');
  const more = ids.length > shown ? ` and ${ids.length - shown} more` : '';
  return `${ids.length} label${ids.length === 1 ? '' : 's'}: ${head}${more}`;
}

export const STATUS_TITLES: Record<RuleSuggestion['status'], string> = {
  open: 'Open',
  accepted: 'Accepted',
  rejected: 'Rejected',
  outdated: 'Outdated',
};
