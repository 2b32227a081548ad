// The reading-time policy every channel applies (JSON, CSV and bare values over MQTT, Kafka and
// HTTP; Sparkplug metrics; re-queued dead letters): a reading further ahead of the engine's
// clock than maxFutureMs is refused (a device clock gone wrong), one older than maxAgeMs too
// when a maximum age is set; anything older is history a gateway stored and forwarded. Which
// of the taken readings are live, and which are history, is the pipeline's call (liveWindowMs).
import type { ReadingTimes } from '../../../shared/source-config';

export type TimeLimits = Pick<ReadingTimes, 'maxFutureMs' | 'maxAgeMs'> & { now: number };

/** The latest instant a JavaScript Date can hold (±8.64e15 ms): beyond it nothing can print or store the time. */
export const MAX_DATE_MS = 8.64e15;

/** A time as a person reads it; a hostile one may be outside what Date can print. */
export function formatTime(ts: number): string {
  return Math.abs(ts) <= MAX_DATE_MS ? new Date(ts).toISOString() : `${ts} ms since the epoch`;
}

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** Why a reading at `ts` is refused, or undefined when its time is taken; `label` names the field. */
export function timeRefusal(ts: number, limits: TimeLimits, label = 'timestamp'): string | undefined {
  if (!Number.isFinite(ts)) return `${label} is not a finite number`;
  // Refused whatever the age limit: no Date, export or rollup can hold it.
  if (!(Math.abs(ts) <= MAX_DATE_MS)) return `${label} ${ts} is not a date`;
  if (ts - limits.now > limits.maxFutureMs) {
    return `${label} ${formatTime(ts)} is more than ${duration(limits.maxFutureMs)} ahead of the engine's clock (ingest.maxFutureMs)`;
  }
  if (limits.maxAgeMs !== null && limits.now - ts > limits.maxAgeMs) {
    return `${label} ${formatTime(ts)} is more than ${duration(limits.maxAgeMs)} old (ingest.maxAgeMs)`;
  }
  return undefined;
}
