// What goes wrong in the simulated plant, and when. A real plant is not wrong one reading in
// twenty: it runs quietly for minutes and then something happens — a spike of a few readings, an
// excursion that builds, crosses a limit and recovers, a value that sticks, a signal that drops
// out for a few seconds. The planner schedules such episodes on the engine clock, one at a time
// per signal, and shapes the walk's value while one lasts. Episodes that cross a limit come at
// most every `minGap` (so any half hour holds at most three), the rest in between; each leaves a
// label saying what it did, which tests score the alarms against.
import { LIMIT_DEFAULTS, signalKindOf } from '../../../shared/alarm-defaults';
import type { Device, Signal } from '../../../shared/domain';

export const EPISODE_KINDS = ['spike', 'excursion', 'stuck', 'dropout'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

/** What one episode did: [start, end) on the engine clock. */
export interface EpisodeLabel {
  device: string;
  signal: string;
  kind: EpisodeKind;
  start: number;
  end: number;
  /** The limit alarm the episode is meant to raise (it crosses that side's limit), or null. */
  crosses: 'high' | 'low' | null;
  /** The limit crossed; null when none. */
  limit: number | null;
  /** The value the episode drove the signal to (spike, excursion) or held it at (stuck). */
  value: number | null;
}

export interface EpisodeRates {
  /** Episodes that cross a limit, per hour across the plant (each raises one alarm). */
  alarmingPerHour: number;
  /** Episodes that cross no limit (a stuck value, a brief dropout), per hour across the plant. */
  quietPerHour: number;
}

/** One signal as the planner sees it. */
interface Channel {
  device: Device;
  signal: Signal;
  /** Whether it has a limit to cross. */
  limited: boolean;
  episode: Running | undefined;
}

interface Running {
  label: EpisodeLabel;
  /** excursion: ramp up until, hold until, then ramp down to label.end */
  rampEnd: number;
  holdEnd: number;
}

/** Fraction of the way between a and b. */
const lerp = (a: number, b: number, f: number) => a + (b - a) * f;
const smooth = (f: number) => f * f * (3 - 2 * f);

export class EpisodePlanner {
  private readonly channels: Channel[];
  private readonly bySeries = new Map<string, Channel>();
  private nextAlarming: number;
  private nextQuiet: number;
  private readonly done: EpisodeLabel[] = [];

  constructor(
    devices: readonly Device[],
    private readonly rates: EpisodeRates,
    private readonly random: () => number,
    start: number,
  ) {
    this.channels = devices.flatMap((device) =>
      device.signals.map((signal) => ({ device, signal, limited: hasLimit(signal), episode: undefined })),
    );
    for (const c of this.channels) this.bySeries.set(`${c.device.id}\u0000${c.signal.key}`, c);
    // The first comes early enough for someone watching the first minutes to see one.
    this.nextAlarming = rates.alarmingPerHour > 0 ? start + this.between(2, 5) * 60_000 : Infinity;
    this.nextQuiet = rates.quietPerHour > 0 ? start + this.between(1, 3) * 60_000 : Infinity;
  }

  /** Every episode started so far, oldest first (the running ones with their planned end). */
  labels(): EpisodeLabel[] {
    const running = this.channels.flatMap((c) => (c.episode ? [c.episode.label] : []));
    return [...this.done, ...running].sort((a, b) => a.start - b.start);
  }

  /**
   * The value the signal publishes at `now`, given the walk's `value`; undefined while it drops
   * out. Starts and ends episodes as their time comes.
   */
  shape(device: Device, signal: Signal, value: number, now: number): number | undefined {
    this.schedule(now);
    const c = this.bySeries.get(`${device.id}\u0000${signal.key}`);
    const ep = c?.episode;
    if (!c || !ep) return value;
    if (now >= ep.label.end) {
      this.done.push(ep.label);
      if (this.done.length > 1000) this.done.shift();
      c.episode = undefined;
      return value;
    }
    if (now < ep.label.start) return value;
    const span = spanOf(signal);
    const noise = (this.random() - 0.5) * span * 0.01;
    const { label } = ep;
    switch (label.kind) {
      case 'dropout':
        return undefined;
      case 'stuck':
        label.value ??= value;
        return label.value;
      case 'spike':
        return label.value! + noise;
      case 'excursion': {
        const f =
          now < ep.rampEnd
            ? smooth((now - label.start) / (ep.rampEnd - label.start))
            : now < ep.holdEnd
              ? 1
              : smooth(1 - (now - ep.holdEnd) / (label.end - ep.holdEnd));
        return lerp(value, label.value!, f) + noise * f;
      }
    }
  }

  private schedule(now: number): void {
    if (now >= this.nextAlarming) {
      const c = this.idle(true);
      if (c) this.begin(c, this.random() < 0.45 ? 'spike' : 'excursion', now);
      // Never closer than 0.85 of the mean gap: at the default rate, at most three in any half hour.
      const mean = 3_600_000 / this.rates.alarmingPerHour;
      this.nextAlarming = now + mean * this.between(0.85, 1.35);
    }
    if (now >= this.nextQuiet) {
      const c = this.idle(false);
      if (c) this.begin(c, this.random() < 0.5 ? 'stuck' : 'dropout', now);
      const mean = 3_600_000 / this.rates.quietPerHour;
      this.nextQuiet = now + mean * this.between(0.5, 1.5);
    }
  }

  /** A signal with no episode running (with a limit, when the episode must cross one). */
  private idle(limited: boolean): Channel | undefined {
    const free = this.channels.filter((c) => !c.episode && (!limited || c.limited));
    return free.length > 0 ? free[Math.floor(this.random() * free.length)] : undefined;
  }

  private begin(c: Channel, kind: EpisodeKind, now: number): void {
    const { signal } = c;
    const interval = signal.intervalMs;
    const label: EpisodeLabel = {
      device: c.device.id,
      signal: signal.key,
      kind,
      start: now,
      end: now,
      crosses: null,
      limit: null,
      value: null,
    };
    let rampEnd = now;
    let holdEnd = now;
    if (kind === 'stuck') {
      label.end = now + this.between(60, 180) * 1000;
    } else if (kind === 'dropout') {
      // Shorter than the offline watch's shortest timeout (30 s): a gap, not an offline device.
      label.end = now + this.between(8, 20) * 1000;
    } else {
      const side = this.side(signal);
      const limit =
        side === 'high' ? (signal.limits.hi ?? signal.limits.hiHi)! : (signal.limits.lo ?? signal.limits.loLo)!;
      const critical = side === 'high' ? signal.limits.hiHi : signal.limits.loLo;
      const span = spanOf(signal);
      // Past the limit by a margin noise cannot undo, but short of the critical limit when there is one.
      let excess = span * (kind === 'spike' ? this.between(0.08, 0.2) : this.between(0.06, 0.15));
      if (critical !== undefined && critical !== limit) excess = Math.min(excess, Math.abs(critical - limit) / 2);
      label.crosses = side;
      label.limit = limit;
      label.value = round2(side === 'high' ? limit + excess : limit - excess);
      // Long enough past the limit for its on-delay, whatever the signal kind, and two readings more.
      const onDelay = LIMIT_DEFAULTS[signalKindOf(signal, c.device.kind)].onDelayMs;
      if (kind === 'spike') {
        const readings = Math.max(3, Math.ceil(onDelay / interval) + 2) + Math.floor(this.random() * 3);
        label.end = now + readings * interval;
      } else {
        rampEnd = now + this.between(40, 120) * 1000;
        holdEnd = rampEnd + Math.max(onDelay + 2 * interval, this.between(20, 60) * 1000);
        label.end = holdEnd + this.between(40, 120) * 1000;
      }
    }
    c.episode = { label, rampEnd, holdEnd };
  }

  private side(signal: Signal): 'high' | 'low' {
    const { hi, hiHi, lo, loLo } = signal.limits;
    const high = hi !== undefined || hiHi !== undefined;
    const low = lo !== undefined || loLo !== undefined;
    if (high && low) return this.random() < 0.5 ? 'high' : 'low';
    return high ? 'high' : 'low';
  }

  private between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }
}

function hasLimit(signal: Signal): boolean {
  const { hi, hiHi, lo, loLo } = signal.limits;
  return hi !== undefined || hiHi !== undefined || lo !== undefined || loLo !== undefined;
}

function spanOf(signal: Signal): number {
  const [lo, hi] = signal.normal ?? [0, 100];
  return Math.abs(hi - lo) || 1;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
