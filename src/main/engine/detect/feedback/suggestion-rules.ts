// What a pattern of false-alarm labels says about a rule, as pure functions: each labelled event
// is measured from its stored readings (how long it stayed beyond the limit, how far it went,
// how often it crossed back and forth), then ONE change is proposed for the series:
//   - most events chattered (crossed the limit 3+ times) → a deadband just deeper than the
//     deepest dip back inside between crossings (the repeats become one alarm);
//   - otherwise whichever of these silences more of the events (ties go to the on-delay, which
//     leaves the limit where engineering set it):
//     · most were short (≤ 5 min) → an on-delay just above the longest short one, on a ladder
//       of round delays (1 s, 2 s, 3 s, 5 s, 10 s, 15 s, …), refused when a true-anomaly event of
//       the same kind was shorter than that (it would be delayed away);
//     · most peaked just beyond the limit (within a tenth of the normal band) → the limit moved
//       one step (a tenth of the limit's order of magnitude) past the highest such peak, refused
//       when a true-anomaly peak would fall inside it or it would reach hiHi/loLo.
// Only events that still alarm under the rule in force count (one shorter than its on-delay is
// already held back), for the false alarms and for the true anomalies the guards protect.
// Flatline events have no value to compare, only durations: the on-delay is their one change.
// Rate events are measured on the change per second between readings, against maxPerSecond.
// Limit rules alarm on hi/lo; a flatline or rate rule has no limit to move but maxPerSecond.
// The caller (rule-suggester.ts) gathers the events; nothing here reads a store.

export type WatchedKind = 'high' | 'low' | 'rate' | 'flatline';
export type SuggestedRule = 'limits' | 'rate' | 'flatline';

export const MIN_LABELS = 3;
export const SHORT_MS = 5 * 60_000;
export const CHATTER_CROSSINGS = 3;
const DELAY_LADDER_S = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1800, 2700, 3600];
const MAX_DELAY_MS = 3_600_000;

/** What one labelled event did, measured against the rule in force. */
export interface EventMeasure {
  labelId: string;
  kind: WatchedKind;
  /** The longest continuous stretch beyond the limit (first reading beyond → first back inside). */
  durationMs: number;
  /** The furthest value beyond the limit (highest for high and rate, lowest for low); null for flatline. */
  peak: number | null;
  /** How many times the value went beyond the limit. */
  crossings: number;
  /** The deepest the value came back inside between two crossings (0 without chatter). */
  dipDepth: number;
}

/** The rule in force for the series, as rules.effective gives it (NaN: no such limit). */
export interface RuleInForce {
  hi: number;
  lo: number;
  hiHi: number;
  loLo: number;
  deadband: number;
  limitsOnDelayMs: number;
  maxPerSecond: number;
  rateDeadband: number;
  rateOnDelayMs: number;
  flatlineOnDelayMs: number;
}

export interface Proposal {
  rule: SuggestedRule;
  field: string;
  current: number | null;
  proposed: number;
  reason: string;
  basedOn: string[];
}

export function ruleOf(kind: WatchedKind): SuggestedRule {
  return kind === 'high' || kind === 'low' ? 'limits' : kind;
}

/** The limit an event of this kind is judged against (NaN when there is none). */
function limitOf(kind: WatchedKind, r: RuleInForce): number {
  return kind === 'high' ? r.hi : kind === 'low' ? r.lo : kind === 'rate' ? r.maxPerSecond : NaN;
}

/**
 * Measures one event from time-ordered readings: values for high and low, the change per second
 * between readings for rate. Null when there is nothing beyond the limit (or nothing to compare).
 */
export function measure(
  labelId: string,
  kind: Exclude<WatchedKind, 'flatline'>,
  readings: readonly { ts: number; value: number }[],
  rules: RuleInForce,
): EventMeasure | null {
  const limit = limitOf(kind, rules);
  if (!Number.isFinite(limit)) return null;
  // Mirror low onto high so one loop measures every kind: x beyond means x > lim.
  const sign = kind === 'low' ? -1 : 1;
  const lim = sign * limit;
  const points: { ts: number; x: number }[] = [];
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    if (kind === 'rate') {
      if (i === 0) continue;
      const prev = readings[i - 1]!;
      const dt = (r.ts - prev.ts) / 1000;
      if (dt > 0) points.push({ ts: r.ts, x: Math.abs(r.value - prev.value) / dt });
    } else points.push({ ts: r.ts, x: sign * r.value });
  }
  let crossings = 0;
  let longest = 0;
  let since = NaN;
  let peak = -Infinity;
  let dip = 0;
  let gapMin = Infinity;
  for (const p of points) {
    const beyond = p.x > lim;
    if (beyond) {
      if (Number.isNaN(since)) {
        since = p.ts;
        crossings++;
        if (crossings > 1) dip = Math.max(dip, lim - gapMin);
      }
      peak = Math.max(peak, p.x);
      longest = Math.max(longest, p.ts - since);
    } else {
      if (!Number.isNaN(since)) {
        longest = Math.max(longest, p.ts - since);
        since = NaN;
        gapMin = Infinity;
      }
      gapMin = Math.min(gapMin, p.x);
    }
  }
  if (crossings === 0) return null;
  return { labelId, kind, durationMs: longest, peak: sign * peak, crossings, dipDepth: dip };
}

/** A step a tenth of `ref`'s order of magnitude (85 → 1, 1.4 → 0.1, 0.5 → 0.01). */
function stepOf(ref: number): number {
  const a = Math.abs(ref);
  return a > 0 ? 10 ** (Math.floor(Math.log10(a)) - 1) : 0.1;
}

const tidy = (x: number, step: number) => Number(x.toFixed(Math.max(0, -Math.floor(Math.log10(step)))));

/** The next multiple of `step` strictly above x. */
function above(x: number, step: number): number {
  return tidy((Math.floor(x / step + 1e-9) + 1) * step, step);
}

/** The next multiple of `step` strictly below x. */
function below(x: number, step: number): number {
  return tidy((Math.ceil(x / step - 1e-9) - 1) * step, step);
}

/** The first round delay strictly longer than `ms`, or null past an hour. */
export function delayAbove(ms: number): number | null {
  for (const s of DELAY_LADDER_S) if (s * 1000 > ms) return s * 1000;
  return null;
}

const fmtMs = (ms: number) => (ms < 60_000 ? `${+(ms / 1000).toFixed(1)} s` : `${+(ms / 60_000).toFixed(1)} min`);
const fmt = (x: number) => String(+x.toPrecision(6));

interface Candidate extends Proposal {
  prevented: number;
}

/**
 * One change for the series that would have silenced most of its labelled false alarms while
 * every true-anomaly event still alarms; null when no single change does. `falseEvents` are the
 * events of the most-labelled kind (the caller groups them), `trueEvents` every true-anomaly
 * event of the series.
 */
export function propose(
  series: string,
  falseEvents: readonly EventMeasure[],
  trueEvents: readonly EventMeasure[],
  rules: RuleInForce,
): Proposal | null {
  // Only what still alarms under the rule in force counts: an event shorter than its on-delay
  // is already held back (after an accepted on-delay, the same labels suggest nothing more).
  const delayOf = (kind: WatchedKind) =>
    kind === 'rate' ? rules.rateOnDelayMs : kind === 'flatline' ? rules.flatlineOnDelayMs : rules.limitsOnDelayMs;
  const alarming = (e: EventMeasure) => e.durationMs >= delayOf(e.kind);
  falseEvents = falseEvents.filter(alarming);
  trueEvents = trueEvents.filter(alarming);
  const n = falseEvents.length;
  if (n < MIN_LABELS) return null;
  const kind = falseEvents[0]!.kind;
  const rule = ruleOf(kind);
  const basedOn = [...new Set(falseEvents.map((e) => e.labelId))];
  const sameKind = trueEvents.filter((e) => e.kind === kind);
  const most = (k: number) => k * 2 > n;
  const limit = limitOf(kind, rules);
  const limitName = kind === 'high' ? 'hi' : kind === 'low' ? 'lo' : 'maxPerSecond';

  const chattered = falseEvents.filter((e) => e.crossings >= CHATTER_CROSSINGS);
  if (kind !== 'flatline' && most(chattered.length)) {
    const depth = Math.max(...chattered.map((e) => e.dipDepth));
    const current = kind === 'rate' ? rules.rateDeadband : rules.deadband;
    const proposed = above(depth, stepOf(depth || limit));
    const band = kind === 'rate' ? Infinity : rules.hi - rules.lo;
    if (depth > 0 && proposed > current && !(proposed >= band)) {
      const most = Math.max(...chattered.map((e) => e.crossings));
      return {
        rule,
        field: 'deadband',
        current,
        proposed,
        basedOn,
        reason: `${chattered.length} of ${n} labelled false alarms on ${series} chattered around ${limitName} ${fmt(limit)} (up to ${most} crossings, dipping back at most ${fmt(depth)} inside); a deadband of ${fmt(proposed)} holds each as one alarm.`,
      };
    }
  }

  const candidates: Candidate[] = [];
  const short = falseEvents.filter((e) => e.durationMs <= SHORT_MS);
  if (most(short.length)) {
    const longest = Math.max(...short.map((e) => e.durationMs));
    const current =
      kind === 'rate' ? rules.rateOnDelayMs : kind === 'flatline' ? rules.flatlineOnDelayMs : rules.limitsOnDelayMs;
    const proposed = delayAbove(longest);
    const caught = sameKind.filter((e) => proposed !== null && e.durationMs < proposed);
    if (proposed !== null && proposed <= MAX_DELAY_MS && proposed > current && caught.length === 0) {
      const prevented = falseEvents.filter((e) => e.durationMs < proposed).length;
      const truth = sameKind.length
        ? `the shortest true anomaly lasted ${fmtMs(Math.min(...sameKind.map((e) => e.durationMs)))}`
        : 'no true anomaly is labelled';
      candidates.push({
        rule,
        field: 'onDelayMs',
        current,
        proposed,
        basedOn,
        prevented,
        reason: `${short.length} of ${n} labelled false alarms on ${series} returned within ${fmtMs(longest)}; an on-delay of ${fmtMs(proposed)} would have held back ${prevented}, and ${truth}.`,
      });
    }
  }

  if (kind !== 'flatline' && Number.isFinite(limit)) {
    const span = kind === 'rate' ? limit : rules.hi - rules.lo;
    const margin = 0.1 * (Number.isFinite(span) && span > 0 ? span : Math.abs(limit) || 1);
    const up = kind !== 'low';
    const near = falseEvents.filter((e) => e.peak !== null && Math.abs(e.peak - limit) <= margin);
    if (most(near.length)) {
      const step = stepOf(limit || margin);
      const worst = up ? Math.max(...near.map((e) => e.peak!)) : Math.min(...near.map((e) => e.peak!));
      const proposed = up ? above(worst, step) : below(worst, step);
      const truePeaks = sameKind.map((e) => e.peak!).filter((p) => p !== null);
      const nearestTrue = truePeaks.length ? (up ? Math.min(...truePeaks) : Math.max(...truePeaks)) : null;
      const guard = kind === 'high' ? rules.hiHi : kind === 'low' ? rules.loLo : NaN;
      const hidesTrue = nearestTrue !== null && (up ? nearestTrue <= proposed : nearestTrue >= proposed);
      const pastGuard = Number.isFinite(guard) && (up ? proposed >= guard : proposed <= guard);
      if (!hidesTrue && !pastGuard) {
        const prevented = falseEvents.filter(
          (e) => e.peak !== null && (up ? e.peak < proposed : e.peak > proposed),
        ).length;
        const truth =
          nearestTrue === null
            ? 'no true anomaly is labelled'
            : `the ${up ? 'lowest' : 'highest'} true-anomaly peak (${fmt(nearestTrue)}) still alarms`;
        candidates.push({
          rule,
          field: limitName,
          current: limit,
          proposed,
          basedOn,
          prevented,
          reason: `${near.length} of ${n} labelled false alarms on ${series} peaked at ${up ? 'most' : 'least'} ${fmt(worst)}, just ${up ? 'above' : 'below'} ${limitName} ${fmt(limit)}; ${limitName} ${fmt(proposed)} would have kept ${prevented} quiet and ${truth}.`,
        });
      }
    }
  }

  const best = candidates.filter((c) => most(c.prevented)).sort((a, b) => b.prevented - a.prevented)[0];
  if (!best) return null;
  const { prevented: _prevented, ...proposal } = best;
  return proposal;
}
