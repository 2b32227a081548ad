// Statistical detectors, pure and allocation-free per reading: a robust, seasonal anomaly score
// per series (StatsBank) and a least-squares trend forecast against limits (TrendPredictor).
export { StatsBank, type StatsExplanation } from './stats-bank';
export { DEFAULT_STATS_OPTIONS, resolveStatsOptions, type StatsOptions } from './stats-options';
export type { SeasonalKind } from './seasonal-profiles';
export {
  DEFAULT_TREND_OPTIONS,
  TrendPredictor,
  type TrendForecast,
  type TrendLimits,
  type TrendOptions,
} from './trend-predictor';
