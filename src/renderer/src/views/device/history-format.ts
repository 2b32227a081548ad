// How history metadata reads on screen: which tier the points come from. (Times and ranges:
// components/format.ts; the trend: components/trend-text.ts.)
import type { Tier } from '../../../../shared/contract';

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
