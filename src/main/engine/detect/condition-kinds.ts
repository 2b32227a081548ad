// The condition kinds the detection stage tracks per series, as indexes into its state arrays,
// with the alarm kind each one reports as (rule-evidence.ts names the anomaly kind).
import type { AlarmKind } from '../../../shared/domain';

/** Per-series condition kinds, as indexes into the state arrays. */
export const K_HIGH = 0;
export const K_LOW = 1;
export const K_RATE = 2;
export const K_FLAT = 3;
export const K_QUALITY = 4;
export const K_STATS = 5;
export const K_TREND = 6;
export const KINDS = 7;
export const ALARM_KIND: readonly AlarmKind[] = ['high', 'low', 'rate', 'flatline', 'quality', 'anomaly', 'trend'];
