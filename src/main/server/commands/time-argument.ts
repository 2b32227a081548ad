// Times on the command line: epoch milliseconds (what the API speaks) or ISO-8601 (what people
// type). Anything else is a usage error that names the option, rather than a silent NaN.
import { UsageError } from './command-line';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseTimeOption(option: string, text: string): number {
  const value = text.trim();
  let ms = Number.NaN;
  if (/^\d+$/.test(value)) ms = Number(value);
  else if (ISO_8601.test(value)) ms = Date.parse(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new UsageError(
      `${option} "${text}" is not a time: use epoch milliseconds or ISO-8601 (2026-11-22T08:00:00Z)`,
    );
  }
  return ms;
}

export interface TimeRange {
  from: number;
  to: number;
}

/** --from/--to, each defaulting as given; --from must not be after --to. */
export function parseTimeRange(
  values: { from?: string; to?: string },
  defaults: { from: (to: number) => number; to: number },
): TimeRange {
  const to = values.to === undefined ? defaults.to : parseTimeOption('--to', values.to);
  const from = values.from === undefined ? defaults.from(to) : parseTimeOption('--from', values.from);
  if (from > to) {
    throw new UsageError(`--from (${new Date(from).toISOString()}) is after --to (${new Date(to).toISOString()})`);
  }
  return { from, to };
}
