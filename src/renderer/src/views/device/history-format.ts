// How history metadata reads on screen: which tier the points come from, and the trend.
import type { SeriesStats, Tier } from '../../../../shared/contract';
import { formatValue, unitSuffix } from '../../components/format';

const TIER_NAMES: Record<Exclude<Tier, 'raw'>, string> = {
  '1m': '1-minute rollup',
  '1h': '1-hour rollup',
  '1d': '1-day rollup',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${+s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 60) return `${+m.toFixed(1)} min`;
  const h = m / 60;
  if (h < 24) return `${+h.toFixed(1)} h`;
  return `${+(h / 24).toFixed(1)} d`;
}

/** "raw", "raw, 30 s buckets" (raw readings downsampled), "1-minute rollup", … */
export function tierLabel(tier: Tier, bucketMs: number): string {
  if (tier !== 'raw') return TIER_NAMES[tier];
  return bucketMs > 0 ? `raw, ${formatDuration(bucketMs)} buckets` : 'raw';
}

type Direction = NonNullable<SeriesStats['direction']>;

/** The trend in words (its arrow is components/icons.tsx's TrendIcon). */
export const TREND: Record<Direction, { word: string }> = {
  increasing: { word: 'increasing' },
  stable: { word: 'stable' },
  decreasing: { word: 'decreasing' },
};

/** "+1.25 °C/h": the least-squares slope with its sign, per hour. */
export function formatSlope(slopePerHour: number, unit: string): string {
  const sign = slopePerHour > 0 ? '+' : slopePerHour < 0 ? '−' : '±';
  return `${sign}${formatValue(Math.abs(slopePerHour))}${unitSuffix(unit)}/h`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dayFormatThisYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const minuteFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const secondFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A time range as an operator reads it: both ends carry their date (the year only when it is
 * not this one), the end only its time when it falls on the same day; seconds for short ranges.
 */
export function formatRange(from: number, to: number, live = false, now = Date.now()): string {
  const time = to - from < 10 * 60_000 ? secondFormat : minuteFormat;
  const thisYear = new Date(now).getFullYear();
  const day = (ts: number) => (new Date(ts).getFullYear() === thisYear ? dayFormatThisYear : dayFormat).format(ts);
  const start = `${day(from)} ${time.format(from)}`;
  if (live) return `${start} – now`;
  const sameDay = new Date(from).toDateString() === new Date(to).toDateString();
  return `${start} – ${sameDay ? time.format(to) : `${day(to)} ${time.format(to)}`}`;
}
