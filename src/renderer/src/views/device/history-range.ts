// The time ranges a history chart can show: presets that end "now" (and keep following it),
// and a custom range typed into two datetime-local inputs. Pure, so the arithmetic and the
// validation messages the operator sees are pinned by tests.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGE_PRESETS = [
  { id: '15m', label: '15 min', ms: 15 * MINUTE },
  { id: '1h', label: '1 h', ms: HOUR },
  { id: '24h', label: '24 h', ms: DAY },
  { id: '7d', label: '7 d', ms: 7 * DAY },
  { id: '30d', label: '30 d', ms: 30 * DAY },
  { id: '1y', label: '1 y', ms: 365 * DAY },
] as const;

export type PresetId = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_PRESET: PresetId = '1h';

export type RangeSelection = { kind: 'preset'; preset: PresetId } | { kind: 'custom'; from: number; to: number };

export interface ResolvedRange {
  from: number;
  to: number;
  /** Ends at "now": the chart follows time and appends live readings. */
  live: boolean;
  /** Identifies the selection (not the moment it was resolved): a new key resets zoom. */
  key: string;
}

export function presetMs(id: PresetId): number {
  return RANGE_PRESETS.find((p) => p.id === id)!.ms;
}

export function isPresetId(id: string): id is PresetId {
  return RANGE_PRESETS.some((p) => p.id === id);
}

export function resolveRange(selection: RangeSelection, now: number): ResolvedRange {
  if (selection.kind === 'preset') {
    return { from: now - presetMs(selection.preset), to: now, live: true, key: selection.preset };
  }
  return { from: selection.from, to: selection.to, live: false, key: `custom:${selection.from}-${selection.to}` };
}

/**
 * How often a range that follows "now" is queried again. Live readings fill the gap in between
 * from the ring buffers, so this only has to keep rollups and stats fresh: every 30 s for short
 * ranges, rarer for long ones where a minute moves nothing on screen (at most every 5 min).
 */
export function liveRefreshMs(durationMs: number): number {
  return Math.min(5 * MINUTE, Math.max(30_000, Math.round(durationMs / 200)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value a datetime-local input shows for a moment, in local time, to the minute. */
export function toLocalInputValue(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** Parses a datetime-local value as local time; null when it is not a real moment (e.g. 31 February). */
export function parseLocalInputValue(value: string): number | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second = 0] = m.slice(1, 7).map((s) => (s === undefined ? 0 : Number(s)));
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (hour! > 23 || minute! > 59 || second > 59) return null;
  const d = new Date(year!, month! - 1, day!, hour!, minute!, second, ms);
  // Rolled over (31 February): not a real date. A local time skipped by a DST change is
  // accepted as the moment the clock jumped to, which is what the input would show next.
  if (d.getFullYear() !== year || d.getMonth() !== month! - 1 || d.getDate() !== day) return null;
  return d.getTime();
}

export type CustomRangeCheck =
  { ok: true; from: number; to: number } | { ok: false; field: 'from' | 'to'; error: string };

/** Validates what the operator typed; the error names the field to point at. */
export function checkCustomRange(fromText: string, toText: string): CustomRangeCheck {
  if (!fromText.trim()) return { ok: false, field: 'from', error: 'Enter a start time.' };
  if (!toText.trim()) return { ok: false, field: 'to', error: 'Enter an end time.' };
  const from = parseLocalInputValue(fromText);
  if (from === null) return { ok: false, field: 'from', error: 'The start is not a valid date and time.' };
  const to = parseLocalInputValue(toText);
  if (to === null) return { ok: false, field: 'to', error: 'The end is not a valid date and time.' };
  if (from < 0) return { ok: false, field: 'from', error: 'The start must be after 1970.' };
  if (from >= to) return { ok: false, field: 'to', error: 'The end must be after the start.' };
  return { ok: true, from, to };
}
