// The faults the fleet simulator injects, and the label each one leaves behind. A label is the
// ground truth a detector is scored against, so it records exactly the interval in which the
// fault shaped (or withheld) readings: [start, end), in run time, written out as ISO times.
import { round2 } from './signal-baseline';

export const FAULT_KINDS = ['spike', 'drift', 'stuck', 'noise', 'dropout', 'offline'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

export type FaultEffect =
  /** Every reading in the interval is offset far outside the normal band. */
  | { kind: 'spike'; offset: number; ticks: number }
  /** A linear ramp away from the true value, starting at zero. */
  | { kind: 'drift'; ratePerMinute: number }
  /** The reading repeats the value it had at the start (known once the first tick is drawn). */
  | { kind: 'stuck'; value: number | null }
  /** Extra Gaussian noise of `sigma`, `factor` times the sensor's own. */
  | { kind: 'noise'; sigma: number; factor: number }
  /** The signal publishes nothing. */
  | { kind: 'dropout' }
  /** The whole device publishes nothing. */
  | { kind: 'offline' };

export type Fault = FaultEffect & {
  device: string;
  /** The affected signal; null when the fault takes the whole device. */
  signal: string | null;
  /** Run time in ms: the fault shapes readings with start <= time < end. */
  start: number;
  end: number;
  /** Cut short by the end of the run. */
  truncated?: boolean;
};

export interface FaultLabel {
  device: string;
  signal: string | null;
  kind: FaultKind;
  start: string;
  end: string;
  [param: string]: string | number | boolean | null;
}

/** The JSON Lines record of a fault; `origin` is the wall-clock time of run time 0. */
export function toLabel(fault: Fault, origin: number): FaultLabel {
  const label: FaultLabel = {
    device: fault.device,
    signal: fault.signal,
    kind: fault.kind,
    start: new Date(origin + fault.start).toISOString(),
    end: new Date(origin + fault.end).toISOString(),
  };
  switch (fault.kind) {
    case 'spike':
      label.offset = round2(fault.offset);
      label.ticks = fault.ticks;
      break;
    case 'drift':
      label.ratePerMinute = Math.round(fault.ratePerMinute * 1e4) / 1e4;
      break;
    case 'stuck':
      label.value = fault.value;
      break;
    case 'noise':
      label.sigma = round2(fault.sigma);
      label.factor = round2(fault.factor);
      break;
  }
  if (fault.truncated) label.truncated = true;
  return label;
}
