// When each device's faults happen. Faults arrive as a Poisson process at the given rate per
// device per minute while the device is healthy; a device carries at most one fault at a time,
// so every label names one unambiguous cause. Starts fall on the device's own ticks, so a
// label's start is the time of the first reading it shaped.
import type { Fault, FaultKind } from './fault';
import { between, pick, type Random } from './random-streams';
import { halfBand, type SignalBaseline } from './signal-baseline';

export interface FaultScheduleSpec {
  kinds: readonly FaultKind[];
  /** Expected faults per device per minute of healthy running (for small rates, the chance per minute). */
  ratePerMinute: number;
  intervalMs: number;
}

/** How long faults last: minutes, but never so few ticks that the fault cannot show. */
const DURATION: Record<Exclude<FaultKind, 'spike'>, { minutes: readonly [number, number]; minTicks: number }> = {
  drift: { minutes: [2, 10], minTicks: 5 },
  stuck: { minutes: [1, 5], minTicks: 3 },
  noise: { minutes: [0.5, 3], minTicks: 5 },
  dropout: { minutes: [1, 5], minTicks: 2 },
  offline: { minutes: [2, 10], minTicks: 2 },
};

export interface ScheduleStep {
  /** The fault in force at this tick, if any. */
  active: Fault | undefined;
  started?: Fault;
  /** The previous fault, over since this tick. */
  ended?: Fault;
}

export class FaultSchedule {
  private current: Fault | undefined;
  private nextArrival: number;

  constructor(
    private readonly device: string,
    private readonly signals: readonly SignalBaseline[],
    private readonly spec: FaultScheduleSpec,
    private readonly random: Random,
  ) {
    this.nextArrival = this.arrivalAfter(0);
  }

  get active(): Fault | undefined {
    return this.current;
  }

  /** Moves to the device's tick at run time `t`; ticks come in increasing order. */
  advance(t: number): ScheduleStep {
    const step: ScheduleStep = { active: undefined };
    if (this.current && t >= this.current.end) {
      step.ended = this.current;
      this.nextArrival = this.arrivalAfter(this.current.end);
      this.current = undefined;
    }
    if (!this.current && t >= this.nextArrival) {
      this.current = this.create(t);
      step.started = this.current;
    }
    step.active = this.current;
    return step;
  }

  /** Ends the schedule at run time `stop`: the fault still open, cut to `stop` if it lasts longer. */
  finish(stop: number): Fault | undefined {
    const fault = this.current;
    this.current = undefined;
    this.nextArrival = Infinity;
    if (fault && fault.end > stop) {
      fault.end = Math.max(fault.start, stop);
      fault.truncated = true;
    }
    return fault;
  }

  private arrivalAfter(t: number): number {
    const { ratePerMinute, kinds } = this.spec;
    if (!(ratePerMinute > 0) || kinds.length === 0) return Infinity;
    return t + (-Math.log(1 - this.random()) / ratePerMinute) * 60_000;
  }

  private duration(kind: Exclude<FaultKind, 'spike'>): number {
    const { minutes, minTicks } = DURATION[kind];
    return Math.round(Math.max(between(this.random, ...minutes) * 60_000, minTicks * this.spec.intervalMs));
  }

  private create(start: number): Fault {
    const random = this.random;
    const kind = pick(random, this.spec.kinds);
    const device = this.device;
    if (kind === 'offline') return { kind, device, signal: null, start, end: start + this.duration(kind) };
    const baseline = pick(random, this.signals);
    const signal = baseline.key;
    const sign = random() < 0.5 ? -1 : 1;
    switch (kind) {
      case 'spike': {
        const ticks = 1 + Math.floor(random() * 3);
        // Three to six half-bands from the true value: outside the band wherever the wave is.
        const offset = sign * halfBand(baseline) * between(random, 3, 6);
        return { kind, offset, ticks, device, signal, start, end: start + ticks * this.spec.intervalMs };
      }
      case 'drift': {
        const end = start + this.duration(kind);
        const total = sign * halfBand(baseline) * between(random, 2, 5);
        return { kind, ratePerMinute: (total * 60_000) / (end - start), device, signal, start, end };
      }
      case 'stuck':
        return { kind, value: null, device, signal, start, end: start + this.duration(kind) };
      case 'noise': {
        const end = start + this.duration(kind);
        const factor = between(random, 5, 10);
        return { kind, sigma: baseline.noise * factor, factor, device, signal, start, end };
      }
      case 'dropout':
        return { kind, device, signal, start, end: start + this.duration(kind) };
    }
  }
}
