// Form state of the reading-time limits (Settings → Sources): minutes and days as typed, and
// their conversion to the contract's milliseconds, checked with the engine's own schema.
import { ReadingTimes } from '../../../../../shared/source-config';
import { zodErrors, type Converted, type FieldErrors } from './draft-fields';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface ReadingTimesDraft {
  /** Minutes ahead of the engine's clock still taken. */
  futureMinutes: string;
  /** Days after which a reading is refused; empty takes any age. */
  maxAgeDays: string;
  /** Minutes within which a reading is live (alarmed on, shown); older is history. */
  liveMinutes: string;
}

const text = (ms: number, unit: number) => String(Math.round((ms / unit) * 1000) / 1000);

export function readingTimesDraftOf(v: ReadingTimes): ReadingTimesDraft {
  return {
    futureMinutes: text(v.maxFutureMs, MINUTE),
    maxAgeDays: v.maxAgeMs === null ? '' : text(v.maxAgeMs, DAY),
    liveMinutes: text(v.liveWindowMs, MINUTE),
  };
}

/** Empty is NaN here (the schema refuses it with the field's name); maximum age may be empty. */
const ms = (typed: string, unit: number) => (typed.trim() === '' ? Number.NaN : Math.round(Number(typed) * unit));

/** What each field takes, said in its own units (the schema speaks milliseconds). */
const EXPECTED: Record<keyof ReadingTimes, string> = {
  maxFutureMs: 'minutes, 0 or more (at most a year)',
  maxAgeMs: 'days, more than 0, or empty for any age',
  liveWindowMs: 'minutes, 0 or more (at most a year)',
};

export function readingTimesParams(d: ReadingTimesDraft): Converted<ReadingTimes> {
  const value = {
    maxFutureMs: ms(d.futureMinutes, MINUTE),
    maxAgeMs: d.maxAgeDays.trim() === '' ? null : ms(d.maxAgeDays, DAY),
    liveWindowMs: ms(d.liveMinutes, MINUTE),
  };
  const parsed = ReadingTimes.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors = {};
  for (const path of Object.keys(zodErrors('value', parsed.error))) {
    const field = path.slice('value.'.length) as keyof ReadingTimes;
    errors[path] = EXPECTED[field] ?? 'not a valid duration';
  }
  return { ok: false, errors };
}
