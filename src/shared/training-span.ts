// The minimum training span of a model (issue 19): a covariance model learns every correlation
// of its history as a law, and a history shorter than the plant's slowest normal cycles —
// shifts, day and night, ambient temperature — holds coincidences that end later and then alarm
// on normal running. The history checks (forward-check.ts, history-coverage.ts) catch most of
// them from the data; what they cannot see in a few hours the rule the industry uses does: train
// on at least a full day of normal running. `models.minTrainingSpan` (default 24 h) sets it; the
// trainer, `eval csv`, `eval tep` and the training form of Settings → Models share these words.

export const DEFAULT_MIN_TRAINING_SPAN_MS = 86_400_000;

/**
 * A history may be short of the minimum by this share: a range picked as exactly the minimum
 * ("last 24 hours") holds rows from a little after its start to the last reading, which is a
 * sampling step or an ingest delay older than now.
 */
export const SPAN_TOLERANCE = 0.01;

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * A duration as written in the configuration or on the command line — "24h", "90 min", "7d",
 * "1d 12h", "0" — in milliseconds, or null when it is not one.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d+)?)\s*(ms|sec|s|min|m|h|days|day|d)\s*/gy;
  let total = 0;
  let at = 0;
  let parts = 0;
  for (let m = part.exec(s); m; m = part.exec(s)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    at = part.lastIndex;
    parts++;
  }
  return parts > 0 && at === s.length ? Math.round(total) : null;
}

/** "7 h 12 min", "24 h", "2 days 3 h", "45 s": exact to the minute from a minute on. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const totalMin = Math.floor(ms / 60_000);
  const days = totalMin >= 2 * 1440 ? Math.floor(totalMin / 1440) : 0;
  const h = Math.floor((totalMin - days * 1440) / 60);
  const min = totalMin % 60;
  const out: string[] = [];
  if (days) out.push(`${days} days`);
  if (h) out.push(`${h} h`);
  if (min) out.push(`${min} min`);
  return out.join(' ') || '0 min';
}

/**
 * Why a history spanning `spanMs` (first to last training row) is too short for a model, or
 * null when it is long enough (or the rule is off: a minimum of 0).
 */
export function spanRefusal(spanMs: number, minMs: number): string | null {
  if (minMs <= 0 || spanMs >= minMs * (1 - SPAN_TOLERANCE)) return null;
  return (
    `the history spans ${durationText(spanMs)}; a model needs at least ${durationText(minMs)} of normal running ` +
    `(models.minTrainingSpan) — train on a longer span`
  );
}
