// Turns URL query strings into the typed values contract requests take. Only the syntax is
// checked here (is it a number, a date); ranges and limits stay with the contract's schemas.
// Every error names the parameter, because that is what the caller has to fix.
import { EngineError } from '../../../shared/errors';

const EPOCH_MS = /^\d{1,16}$/;
// Calendar date, optionally with a time and an offset; a time without an offset is UTC, like
// every timestamp in Watchfloor, never the server's local zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export const DAY_MS = 24 * 3600 * 1000;

function bad(name: string, message: string, value?: string): EngineError {
  return new EngineError('BAD_REQUEST', `"${name}" ${message}`, { parameter: name, value });
}

/** One value, or undefined when absent or empty (`?from=` as an HTML form sends it). */
export function optionalString(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw bad(name, 'is given more than once');
  return all[0] === '' ? undefined : all[0];
}

/** Every non-empty value of a parameter that may repeat (`?signal=a&signal=b`). */
export function stringList(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).filter((v) => v !== '');
}

export function optionalInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = optionalString(query, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d{1,16}$/.test(raw)) throw bad(name, `is not an integer: ${JSON.stringify(raw)}`, raw);
  return Number(raw);
}

/** Date.parse rolls 2024-02-30 over to March; a typo in a date must not silently move the range. */
function isCalendarDate(raw: string): boolean {
  const [y, m, d] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Epoch milliseconds or an ISO-8601 date/time, as epoch milliseconds. */
export function parseTime(name: string, raw: string): number {
  if (EPOCH_MS.test(raw)) return Number(raw);
  const iso = ISO_8601.exec(raw);
  if (iso && isCalendarDate(raw)) {
    const text = raw.length > 10 && !iso[1] ? `${raw}Z` : raw;
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw bad(name, `is not a date or epoch milliseconds: ${JSON.stringify(raw)}`, raw);
}

export function optionalTime(query: URLSearchParams, name: string): number | undefined {
  const raw = optionalString(query, name);
  return raw === undefined ? undefined : parseTime(name, raw);
}

/**
 * `from`/`to` with defaults: `to` is now, `from` is `defaultSpanMs` before `to`. Whether
 * from ≤ to is the contract's rule, so it is not checked here.
 */
export function timeRange(query: URLSearchParams, now: number, defaultSpanMs = DAY_MS): { from: number; to: number } {
  const to = optionalTime(query, 'to') ?? now;
  const from = optionalTime(query, 'from') ?? Math.max(0, to - defaultSpanMs);
  return { from, to };
}
