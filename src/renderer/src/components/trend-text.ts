// How a fitted trend (src/shared/trend-fit.ts) reads: a direction in words, a rate with its
// sign in the unit that suits its size and span ("+0.52 psi/min", "−3.1°C/h"), and the span it
// was fitted over ("over 14:02–14:04 CET"). The Device view's statistics and the analytics
// trend panel both read it from here, so they cannot disagree.
import { MIN_READINGS, MIN_SPAN_MS, ratePer, type TrendDirection, type TrendFit } from '../../../shared/trend-fit';
import { formatValue, unitSuffix } from './format';
import { formatSpan } from './time-format';

export const DIRECTION_WORD: Record<TrendDirection, string> = {
  rising: 'rising',
  stable: 'stable',
  falling: 'falling',
};

/** The arrow icon's name for a direction (components/icons.tsx TrendIcon). */
export const DIRECTION_ICON: Record<TrendDirection, 'increasing' | 'stable' | 'decreasing'> = {
  rising: 'increasing',
  stable: 'stable',
  falling: 'decreasing',
};

/** "+1.25°C/min": a rate with its sign (a true minus), its unit and per minute or hour. */
export function formatTrendRate(slopePerMs: number, spanMs: number, unit: string): string {
  const { per, rate } = ratePer(slopePerMs, spanMs);
  const shown = formatValue(Math.abs(rate));
  const zero = Number(shown) === 0;
  const sign = zero ? '±' : rate > 0 ? '+' : '−';
  return `${sign}${shown}${unitSuffix(unit)}/${per}`;
}

export interface TrendText {
  /** 'rising' | 'stable' | 'falling', or null when there was too little data. */
  direction: TrendDirection | null;
  /** The direction or "too little data". */
  word: string;
  /** The signed rate; '' when there was too little data. */
  rate: string;
  /** "over 14:02–14:04 CET", or why there is no figure ("fewer than 5 readings in view"). */
  over: string;
}

export function trendText(fit: TrendFit, unit: string, now = Date.now()): TrendText {
  if (fit.state === 'too-little') {
    const why =
      fit.reason === 'readings'
        ? `${fit.readings} of ${MIN_READINGS} readings needed in view`
        : fit.reason === 'points'
          ? `${fit.readings} readings in too few buckets at this range`
          : `under ${MIN_SPAN_MS / 1000} s of data in view`;
    return { direction: null, word: 'too little data', rate: '', over: why };
  }
  return {
    direction: fit.direction,
    word: DIRECTION_WORD[fit.direction],
    rate: formatTrendRate(fit.slopePerMs, fit.to - fit.from, unit),
    over: `over ${formatSpan(fit.from, fit.to, now)}`,
  };
}
