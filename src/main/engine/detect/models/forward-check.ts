// Forward validation of a model's training history (issue 19): does the history cover the
// plant's normal running, or only a stretch of it in which a coincidence looks like a rule?
//
// Cross-validation (dpca-model.ts) scores every block with a model fitted on the blocks on BOTH
// sides of it: it interpolates, and a correlation that only held by chance over the span (two
// slow cycles of nearly the same period, in phase for an hour) looks lawful to it. A model is
// used forwards in time, so the check is forwards too: the last block of the history (a fold's
// worth, 1/folds of the windows) is held out; a model is fitted on the earlier part only, its
// limit set by the same rule (the `confidence` quantile of its own cross-validated T² over the
// earlier blocks), and the held-out block is scored in time order with the live sustained-alarm
// rule (k of the last n windows over the limit).
//
// The rule: the history does not cover normal running when the held-out block raises sustained
// alarms on more than max(3 × (1 − confidence), 2 %) of its windows.
// - On history that covers normal running the held-out block is new normal data: by construction
//   about (1 − confidence) of its windows are over a limit at the `confidence` quantile, and the
//   sustained rule can only lower the share that alarms. Three times the nominal rate leaves room
//   for the sampling spread of one block (a few hundred autocorrelated windows: the standard
//   error of a 1 % share over an effective hundred samples is itself 1 %).
// - The 2 % floor is the false-alarm rate the issue accepts on a fleet: a model that alarms on
//   more of normal running than that is the alarm flood operators learn to ignore, whatever the
//   confidence level asked for.
// A refused model is never registered (trainer) or scored (eval csv): it says why instead.

import type { HistoryCoverage } from './history-coverage';

export interface ForwardCheck {
  /** Held-out windows (the last block, in time order). */
  heldOut: number;
  /** Index (in the fitted vectors) of the vector the first held-out window ends at: where the held-out span starts. */
  heldOutFromVector: number;
  /** Limit the earlier part learnt by itself (the same rule as the model's limit). */
  limit: number;
  /** Share of held-out windows over that limit. */
  exceedance: number;
  /** Share of held-out windows on which the k-of-n sustained rule alarms. */
  alarmRate: number;
  sustain: { k: number; n: number };
  /** The most `alarmRate` may be: max(3 × (1 − confidence), 2 %). */
  allowed: number;
  /** Whether the history covers normal running (alarmRate ≤ allowed). */
  covers: boolean;
}

/** Nominal multiple and floor of the rule above. */
export const FORWARD_FACTOR = 3;
export const FORWARD_FLOOR = 0.02;

export function allowedAlarmRate(confidence: number): number {
  return Math.max(FORWARD_FACTOR * (1 - confidence), FORWARD_FLOOR);
}

/** Shares over `limit` and flagged by k of the last n, of scores[a..b) taken in order. */
export function sustainedShares(
  t2: ArrayLike<number>,
  a: number,
  b: number,
  limit: number,
  k: number,
  n: number,
): { exceedance: number; alarmRate: number } {
  const recent = new Uint8Array(Math.max(k, n));
  let over = 0;
  let above = 0;
  let flagged = 0;
  for (let i = a; i < b; i++) {
    const x = t2[i]! > limit ? 1 : 0;
    above += x;
    over += x - recent[(i - a) % recent.length]!;
    recent[(i - a) % recent.length] = x;
    if (over >= k) flagged++;
  }
  const len = Math.max(1, b - a);
  return { exceedance: above / len, alarmRate: flagged / len };
}

/** Minutes, hours or days, rounded for a sentence. */
export function spanText(ms: number): string {
  const min = ms / 60_000;
  if (min < 120) return `${Math.max(1, Math.round(min))} min`;
  const h = min / 60;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}

/**
 * Why a model's history is refused, for an operator or engineer, or null when it is accepted:
 * the coincidences (history-coverage.ts) and the forward check, what they saw and what to do.
 * `heldOut` names the held-out block, e.g. "the last 11 min of the history".
 */
export function refusalReason(
  model: { forward: ForwardCheck; coverage: HistoryCoverage },
  heldOut: string,
): string | null {
  const { forward: f, coverage } = model;
  if (f.covers && coverage.covers) return null;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const why: string[] = [];
  const worst = coverage.coincidences[0];
  if (worst) {
    const more = coverage.coincidences.length - 1;
    why.push(
      `${worst.signals[0]} and ${worst.signals[1]} moved together (r = ${worst.r.toFixed(2)}) but cycle so ` +
        `slowly that the history is worth only ${Math.max(1, Math.round(worst.effective))} independent samples of ` +
        `that — it may be coincidence${more > 0 ? ` (and ${more} more pair${more > 1 ? 's' : ''} like it)` : ''}`,
    );
  }
  if (!f.covers) {
    why.push(
      `${heldOut} alarm on ${pct(f.alarmRate)} of their windows (${pct(f.exceedance)} over the limit learnt ` +
        `from the history before them; at most ${pct(f.allowed)} allowed)`,
    );
  }
  return (
    `model refused: ${why.join('; ')}. The history does not cover the plant's normal variation: train on ` +
    `a longer span, several times its slowest cycle (a day at the least; weeks where it runs weekly cycles).`
  );
}
