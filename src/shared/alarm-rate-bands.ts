// EEMUA 191 (3rd ed., 2013, table 8 "benchmarks for alarm rates") bands for the KPI screen, in
// one place so the engine labels a figure and the screen shows that label. The table gives rows,
// not ranges; the boundaries below put each figure in the row it has reached:
//   average new alarms per 10 min per operator: ≤ 1 very likely acceptable · ≤ 2 manageable
//     (1 per 5 min) · ≤ 5 likely over-demanding (1 per 2 min) · more very likely unacceptable
//     (the table's top row is 1 per minute, 10 per 10 min).
//   peak alarms in any 10 min: ≤ 10 manageable ("under 10 should be manageable") · ≤ 100 flood,
//     hard to cope with (ISA-18.2 and this engine's flood detection start above 10) · more excessive.
// A rate over less than 10 minutes observed is no rate yet: it says "too short" instead of a band.
export type RateBand =
  'too-short' | 'acceptable' | 'manageable' | 'over-demanding' | 'unacceptable' | 'flood' | 'excessive';

export const MIN_OBSERVED_MS = 10 * 60_000;
export const AVERAGE_ACCEPTABLE = 1;
export const AVERAGE_MANAGEABLE = 2;
export const AVERAGE_OVER_DEMANDING = 5;
export const PEAK_MANAGEABLE = 10;
export const PEAK_FLOOD = 100;

export function averageBand(perTenMinutes: number, observedMs: number): RateBand {
  if (observedMs < MIN_OBSERVED_MS) return 'too-short';
  if (perTenMinutes <= AVERAGE_ACCEPTABLE) return 'acceptable';
  if (perTenMinutes <= AVERAGE_MANAGEABLE) return 'manageable';
  if (perTenMinutes <= AVERAGE_OVER_DEMANDING) return 'over-demanding';
  return 'unacceptable';
}

/** A peak counts the alarms of one 10-minute window: a window shorter than that is no peak yet. */
export function peakBand(peak: number, observedMs: number): RateBand {
  if (observedMs < MIN_OBSERVED_MS && peak <= PEAK_MANAGEABLE) return 'too-short';
  if (peak <= PEAK_MANAGEABLE) return 'manageable';
  if (peak <= PEAK_FLOOD) return 'flood';
  return 'excessive';
}

export const BAND_LABEL: Record<RateBand, string> = {
  'too-short': 'too short to judge (under 10 min observed)',
  acceptable: 'very likely acceptable',
  manageable: 'manageable',
  'over-demanding': 'likely over-demanding',
  unacceptable: 'very likely unacceptable',
  flood: 'flood (hard to cope with)',
  excessive: 'excessive flood',
};

/** The time a KPI result's rates are over: from max(from, observedSince) to `to`. */
export function observedSpan(k: { from: number; to: number; observedSince: number }): {
  observedFrom: number;
  observedMs: number;
} {
  const observedFrom = Math.min(k.to, Math.max(k.from, k.observedSince));
  return { observedFrom, observedMs: k.to - observedFrom };
}
