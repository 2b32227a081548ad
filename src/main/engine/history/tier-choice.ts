// Which tier answers a range: the finest one whose buckets are no finer than the range needs
// for `maxPoints` points, among those whose retention still covers the start of the range.
import { TIER_WIDTH_MS, type Tier } from '../../../shared/contract';

export interface TierRetention {
  /** Oldest timestamp each tier still holds (ms), or -Infinity when kept forever. */
  raw: number;
  '1m': number;
  '1h': number;
  '1d': number;
}

const ROLLUPS = ['1m', '1h', '1d'] as const;

export function chooseTier(from: number, to: number, maxPoints: number, retention: TierRetention): Tier {
  const need = (to - from) / maxPoints;
  if (need < TIER_WIDTH_MS['1m'] && from >= retention.raw) return 'raw';
  let choice: Tier | undefined;
  for (const tier of ROLLUPS) {
    if (from < retention[tier]) continue;
    if (TIER_WIDTH_MS[tier] <= need || choice === undefined) choice = tier;
  }
  return choice ?? '1d';
}

/** Bucket width for `maxPoints` over the range, a whole multiple of the tier's own width. */
export function bucketWidth(tier: Tier, from: number, to: number, maxPoints: number): number {
  const need = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
  if (tier === 'raw') return need;
  const w = TIER_WIDTH_MS[tier];
  return Math.max(1, Math.ceil(need / w)) * w;
}
