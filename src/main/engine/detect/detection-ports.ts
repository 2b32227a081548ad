// What the detection stage needs from the rest of the engine — the registry, the alarm service,
// the rule book, the statistics scorer and the trend predictor — as narrow interfaces, so the
// stage can be run and benchmarked with any of them left out or replaced.
import type { Priority, Signal } from '../../../shared/domain';
import type { AlarmSink } from './condition';
import type { LookAlikeJudge } from './feedback/feedback-suppressor';
import type { OfflineWatch } from './offline-watch';
import type { RuleBook } from './rule-book';
import type { StatsExplanation } from './stats/stats-bank';
import type { TrendForecast } from './stats/trend-predictor';

export type { TrendForecast };

/** What the stage uses of the statistics scorer (stats/StatsBank satisfies it). */
export interface StatsScorer {
  slot(seriesKey: string): number;
  update(slot: number, ts: number, value: number): number;
  isAnomaly(slot: number): boolean;
  /** Why the series scored what it did: a statistical anomaly's evidence but for value and threshold. */
  explain(slot: number): StatsExplanation;
}

/** What the stage uses of the trend predictor (stats/TrendPredictor satisfies it). */
export interface TrendForecaster {
  slot(seriesKey: string): number;
  update(slot: number, ts: number, value: number): void;
  forecast(slot: number, limits: { lo?: number; hi?: number }, horizonMs: number): TrendForecast | null;
}

export interface DetectorSettings {
  stats: { enabled: boolean; alarms: boolean; threshold: number; priority: Priority };
  /** alarms: raise an alarm for a prediction (the stage's default); false records the anomaly only. */
  trend: { enabled: boolean; horizonMs: number; priority: Priority; alarms?: boolean };
}

export interface SignalLookup {
  get(id: string): { unconfigured: boolean; signals: readonly Signal[] } | undefined;
  signal(deviceId: string, key: string): Signal | undefined;
  /** Changes when a device is configured, edited or removed at run time. */
  readonly revision?: number;
}

export interface DetectionDeps {
  registry: SignalLookup;
  alarms: AlarmSink;
  rules: RuleBook;
  clock: () => number;
  /** Told of every reading's device (arrival time), for offline detection. */
  offline?: OfflineWatch;
  stats?: StatsScorer;
  trend?: TrendForecaster;
  /** Feedback from expert review, asked on a statistical anomaly's rising edge only. */
  feedback?: LookAlikeJudge;
}

export const DEFAULT_SETTINGS: DetectorSettings = {
  stats: { enabled: true, alarms: true, threshold: 0.5, priority: 'low' },
  trend: { enabled: true, horizonMs: 15 * 60_000, priority: 'medium' },
};
