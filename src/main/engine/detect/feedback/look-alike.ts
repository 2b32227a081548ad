// What an anomaly looks like, and when a new one looks like one an expert called a false alarm.
// Feedback from expert review suppresses look-alikes of false alarms (feedback-suppressor.ts);
// this file is the rule, kept pure so it is tested and documented on its own
// (docs/operator-guide.md, "How feedback suppresses look-alikes").
//
// A fingerprint is made only of what the detectors already record:
// - statistical: detector family `stats`, direction (sign of value − baseline), size |value −
//   baseline| in the signal's unit (|z| when the deviation is missing), and the shape the
//   question that scored stands for: a jump (`level` or `step`: on a one-reading jump both score
//   about the same and either may win), a departure from the daily or weekly profile (`season`),
//   or a run of excursions (`excursions`);
// - model: family `model:<id>` (any version), size score ÷ threshold, the signal contributing
//   most (as its shape), no direction;
// - both: the UTC time of day.
// The size is the deviation, not z: z depends on which question scored and on the spread at
// that moment. Measured on the feedback benchmark, the same daily spike scored z 10–12 on the
// step question on its first days and z 5–6 on the excursions question once the statistics had
// learned to expect a step at that hour; its deviation stayed within 22–27 throughout. How long
// an excursion lasts is not known on its rising edge, where the decision is made (the alarm
// must be raised then or never).
//
// The rule — a new anomaly matches a labelled one when all hold:
// 1. same kind and detector family, same direction;
// 2. size within ×0.6–×1.6 of the labelled one's (a spike twice as big is not "the same");
// 3. when the series' labelled anomalies recur at a consistent time of day (at least two within
//    ±30 min of each other): only those recurring ones match, and only within ±30 min of their
//    time of day — time and size say it is the same event, whichever question of the detector
//    saw it this time (the benchmark's benign spike is first a step, later excursions);
//    otherwise: the same shape (for a model, the same signal most off), at any time of day.
// Limits, rate, flatline, quality, offline and trend anomalies are never fingerprinted, so
// they are never suppressed.
import type { Anomaly, DetectedAnomaly } from '../../../../shared/contract/detection';

/** Magnitude band around a labelled anomaly's, as factors. */
export const MAGNITUDE_BAND = { min: 0.6, max: 1.6 } as const;
/** Time-of-day window, minutes either side. */
export const TIME_WINDOW_MIN = 30;

const DAY_MS = 86_400_000;
const SHAPE = { level: 'jump', step: 'jump', season: 'season', excursions: 'excursions', none: 'none' } as const;

export interface Fingerprint {
  /** The false-alarm label it came from. */
  labelId: string;
  kind: 'statistical' | 'model';
  /** `stats` or `model:<model id>`. */
  family: string;
  /** −1, 0 (none: models) or 1. */
  direction: number;
  /** |deviation| (statistical; |z| when missing) or score ÷ threshold (model); NaN when unknown. */
  magnitude: number;
  /** Statistical: the shape (jump, season, excursions); model: the signal most off. */
  reason: string;
  /** UTC minute of the day, 0..1439. */
  minuteOfDay: number;
  /** When the labelled anomaly happened. */
  ts: number;
}

/** The fingerprint of an anomaly, or null for the kinds feedback never suppresses. */
export function fingerprintOf(a: Anomaly | DetectedAnomaly, labelId = ''): Fingerprint | null {
  const minuteOfDay = Math.floor((((a.ts % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  if (a.kind === 'statistical') {
    const e = a.evidence;
    const dev = e.deviation ?? NaN;
    const z = e.z ?? NaN;
    const magnitude = Number.isFinite(dev) ? Math.abs(dev) : Math.abs(z);
    const direction = Number.isFinite(dev) ? Math.sign(dev) : Number.isFinite(z) ? Math.sign(z) : 0;
    return {
      labelId,
      kind: 'statistical',
      family: 'stats',
      direction,
      magnitude,
      reason: SHAPE[e.reason ?? 'none'],
      minuteOfDay,
      ts: a.ts,
    };
  }
  if (a.kind === 'model') {
    const e = a.evidence;
    const score = e.score ?? NaN;
    const threshold = e.threshold ?? NaN;
    const magnitude = threshold > 0 ? score / threshold : NaN;
    const reason = e.top?.[0]?.signal ?? '';
    return {
      labelId,
      kind: 'model',
      family: `model:${e.model}`,
      direction: 0,
      magnitude,
      reason,
      minuteOfDay,
      ts: a.ts,
    };
  }
  return null;
}

function minutesApart(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/**
 * The labelled anomalies of one series, ready to match: which of them recur at a consistent
 * time of day is worked out once, when they change, not per anomaly.
 */
export class LookAlikes {
  /** Recurring at a time of day (some other print within the window), by index in `prints`. */
  private readonly recurring: boolean[];
  /** Families whose labelled anomalies recur at a time of day: for them, time of day must match. */
  private readonly timed: Set<string>;

  constructor(readonly prints: readonly Fingerprint[]) {
    this.recurring = prints.map((p, i) =>
      prints.some(
        (q, j) => j !== i && q.family === p.family && minutesApart(p.minuteOfDay, q.minuteOfDay) <= TIME_WINDOW_MIN,
      ),
    );
    this.timed = new Set(prints.filter((_, i) => this.recurring[i]).map((p) => p.family));
  }

  /** The label of the first labelled anomaly the new one looks like, or null. */
  match(f: Fingerprint): string | null {
    const { prints } = this;
    for (let i = 0; i < prints.length; i++) {
      const p = prints[i]!;
      if (p.kind !== f.kind || p.family !== f.family || p.direction !== f.direction) continue;
      if (!withinBand(f.magnitude, p.magnitude)) continue;
      if (this.timed.has(p.family)) {
        if (!this.recurring[i] || minutesApart(f.minuteOfDay, p.minuteOfDay) > TIME_WINDOW_MIN) continue;
      } else if (p.reason !== f.reason) {
        continue;
      }
      return p.labelId;
    }
    return null;
  }
}

function withinBand(m: number, ref: number): boolean {
  // Unknown on both sides (an older anomaly without the figure): only the other traits judge.
  if (!Number.isFinite(m) || !Number.isFinite(ref)) return !Number.isFinite(m) && !Number.isFinite(ref);
  return m >= ref * MAGNITUDE_BAND.min && m <= ref * MAGNITUDE_BAND.max;
}
