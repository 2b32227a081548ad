// What a healthy sensor reads: a level and a slow wave drawn once per signal from a plausible
// range for its kind, plus measurement noise. The normal band is what faults are measured
// against (a spike lands outside it, a drift leaves it over minutes).
import { between, gaussian, type Random } from './random-streams';

interface SignalKind {
  key: string;
  unit: string;
  level: readonly [number, number];
  amplitude: readonly [number, number];
}

/** Kinds in the order a device gets them; beyond the list they repeat as key-2, key-3… */
const KINDS: readonly SignalKind[] = [
  { key: 'temperature', unit: 'celsius', level: [40, 90], amplitude: [2, 8] },
  { key: 'pressure', unit: 'bar', level: [2, 10], amplitude: [0.2, 1] },
  { key: 'vibration', unit: 'mm_s', level: [2, 8], amplitude: [0.2, 1] },
  { key: 'flow', unit: 'm3_h', level: [20, 200], amplitude: [2, 15] },
  { key: 'current', unit: 'ampere', level: [10, 60], amplitude: [1, 5] },
  { key: 'speed', unit: 'rpm', level: [900, 3000], amplitude: [20, 100] },
  { key: 'humidity', unit: 'percent', level: [30, 60], amplitude: [2, 6] },
  { key: 'power', unit: 'kilowatt', level: [5, 150], amplitude: [1, 10] },
];

export interface SignalBaseline {
  key: string;
  unit: string;
  level: number;
  amplitude: number;
  /** Standard deviation of the measurement noise. */
  noise: number;
  periodMs: number;
  phase: number;
}

export function signalKey(index: number): { key: string; unit: string } {
  const kind = KINDS[index % KINDS.length]!;
  const round = Math.floor(index / KINDS.length);
  return { key: round === 0 ? kind.key : `${kind.key}-${round + 1}`, unit: kind.unit };
}

export function createBaseline(index: number, random: Random): SignalBaseline {
  const kind = KINDS[index % KINDS.length]!;
  const amplitude = between(random, ...kind.amplitude);
  return {
    ...signalKey(index),
    level: between(random, ...kind.level),
    amplitude,
    noise: amplitude * between(random, 0.05, 0.15),
    // Slow enough to look like process load, not like a fault.
    periodMs: between(random, 5, 30) * 60_000,
    phase: between(random, 0, 2 * Math.PI),
  };
}

/** Half the width of the band a healthy reading stays in (wave plus three sigma of noise). */
export function halfBand(b: SignalBaseline): number {
  return b.amplitude + 3 * b.noise;
}

export function normalBand(b: SignalBaseline): [number, number] {
  return [b.level - halfBand(b), b.level + halfBand(b)];
}

/** The healthy value at `t` ms into the run; always draws one noise sample from `random`. */
export function cleanValue(b: SignalBaseline, t: number, random: Random): number {
  return b.level + b.amplitude * Math.sin((2 * Math.PI * t) / b.periodMs + b.phase) + b.noise * gaussian(random);
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
