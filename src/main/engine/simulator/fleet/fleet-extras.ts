// What a fleet run may add to its random faults: recurring benign patterns (a spike at the same
// time every simulated day, as a batch job or a shift change makes — what feedback from expert
// review is meant to learn to ignore) and faults at fixed times (so a benchmark knows exactly
// which real faults it injected, of which shape, on which signal). Both are off unless a spec
// names them; both are in run time (ms since the run began), like everything in the model.
import type { Fault } from './fault';

/** A benign offset added to one signal for `durationMs`, every `everyMs`, first at `atMs`. */
export interface RecurringPattern {
  device: string;
  signal: string;
  /** Period: 86_400_000 for the same time every day. */
  everyMs: number;
  /** Start of the first occurrence, in run time (later ones follow every `everyMs`). */
  atMs: number;
  durationMs: number;
  /** Added to the healthy value while the pattern is on (negative for a dip). */
  amplitude: number;
}

/** Why a pattern cannot run, or null. */
export function patternProblem(p: RecurringPattern): string | null {
  if (!(p.everyMs >= 1)) return 'every must be at least 1 ms';
  if (!(p.durationMs >= 1 && p.durationMs < p.everyMs))
    return 'the duration must be positive and shorter than the period';
  if (!(p.atMs >= 0)) return 'the first occurrence cannot be before the run starts';
  if (!Number.isFinite(p.amplitude) || p.amplitude === 0) return 'the amplitude must be a non-zero number';
  return null;
}

/** The pattern's offset at run time `t` (0 while it is off). */
export function patternOffset(p: RecurringPattern, t: number): number {
  if (t < p.atMs) return 0;
  return (t - p.atMs) % p.everyMs < p.durationMs ? p.amplitude : 0;
}

/** The occurrences that start before `stopMs`: [start, end) in run time. */
export function occurrences(p: RecurringPattern, stopMs: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = p.atMs; start < stopMs; start += p.everyMs) out.push({ start, end: start + p.durationMs });
  return out;
}

/** Per device, what its signals get on top of the random schedule; absent for most devices. */
export interface DeviceExtras {
  patterns: RecurringPattern[];
  faults: Fault[];
}

export function extrasByDevice(
  patterns: readonly RecurringPattern[] = [],
  faults: readonly Fault[] = [],
): Map<string, DeviceExtras> {
  const out = new Map<string, DeviceExtras>();
  const of = (device: string) => {
    let e = out.get(device);
    if (!e) out.set(device, (e = { patterns: [], faults: [] }));
    return e;
  };
  for (const p of patterns) {
    const problem = patternProblem(p);
    if (problem) throw new RangeError(`pattern on ${p.device}/${p.signal}: ${problem}`);
    of(p.device).patterns.push(p);
  }
  for (const f of faults) of(f.device).faults.push({ ...f });
  return out;
}

/** The fixed fault shaping this signal at `t`, if any. */
export function fixedFaultAt(e: DeviceExtras, signal: string, t: number): Fault | undefined {
  for (const f of e.faults) if (f.start <= t && t < f.end && (f.signal === null || f.signal === signal)) return f;
  return undefined;
}

/** The sum of the patterns on this signal at `t`. */
export function patternsAt(e: DeviceExtras, signal: string, t: number): number {
  let sum = 0;
  for (const p of e.patterns) if (p.signal === signal) sum += patternOffset(p, t);
  return sum;
}
