// What a rule's anomaly records when it starts to hold: which detector, and the evidence that
// explains it (the rule and its limit, what was seen, where the rule's setting came from).
import type { AnomalyFinding } from '../../../shared/contract/detection';
import type { Quality } from '../../../shared/domain';
import { K_FLAT, K_HIGH, K_LOW, K_QUALITY, K_RATE } from './condition-kinds';
import type { SeriesRules } from './rule-book';
import type { TrendForecast } from './detection-ports';

/** Which limit of a series a crossed value `limit` is (high kinds: hi/hiHi, low: lo/loLo). */
export function limitName(k: number, L: SeriesRules['limits'], limit: number): 'hi' | 'hiHi' | 'lo' | 'loLo' {
  if (k === K_HIGH) return limit === L.hiHi ? 'hiHi' : 'hi';
  return limit === L.loLo ? 'loLo' : 'lo';
}

export interface RuleSighting {
  limit: number;
  value: number;
  ts: number;
  /** Per kind: the previous value (rate), the quality (quality), the forecast (trend). */
  extra: unknown;
  /** The series' last value, and its flat run (since, readings). */
  lastValue: number;
  flatSince: number;
  flatCount: number;
  trendHorizonMs: number;
}

/** The anomaly's kind, detector and evidence (typed by kind) for a rule or trend condition `k`. */
export function ruleEvidence(k: number, R: SeriesRules, s: RuleSighting): { detector: string } & AnomalyFinding {
  const { limit, value, ts, extra } = s;
  switch (k) {
    case K_HIGH:
    case K_LOW: {
      const L = R.limits;
      return {
        detector: 'rule:limits',
        kind: k === K_HIGH ? 'high' : 'low',
        evidence: {
          rule: 'limits',
          limit: limitName(k, L, limit),
          limitValue: limit,
          value,
          deadband: L.deadband,
          from: R.from.limits,
        },
      };
    }
    case K_RATE:
      return {
        detector: 'rule:rate',
        kind: 'rate',
        evidence: {
          rule: 'rate',
          ratePerSecond: value,
          maxPerSecond: limit,
          previous: extra as number,
          value: s.lastValue,
          from: R.from.rate,
        },
      };
    case K_FLAT:
      return {
        detector: 'rule:flatline',
        kind: 'flatline',
        evidence: {
          rule: 'flatline',
          value,
          since: s.flatSince,
          samples: s.flatCount,
          durationMs: ts - s.flatSince,
          limitSamples: R.flatline.samples || null,
          limitDurationMs: R.flatline.durationMs || null,
          tolerance: R.flatline.tolerance,
          from: R.from.flatline,
        },
      };
    case K_QUALITY:
      return {
        detector: 'rule:quality',
        kind: 'quality',
        evidence: { rule: 'quality', quality: extra as Quality, value, from: R.from.quality },
      };
    default:
      return {
        detector: 'trend',
        kind: 'trend',
        evidence: { ...(extra as TrendForecast), horizonMs: s.trendHorizonMs, value },
      };
  }
}
