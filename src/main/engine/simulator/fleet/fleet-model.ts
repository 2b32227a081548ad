// The simulated fleet as a pure function of run time: N devices × M signals, each device
// ticking every interval at its own phase, so that publishing is spread over the interval
// instead of arriving in one burst. `step()` yields the ticks in time order; what a tick
// holds depends only on the seed, the device and the tick, never on the wall clock, on timer
// jitter or on the size of the fleet (device 7 is the same device in a fleet of 10 or 10,000).
// A spec may add recurring benign patterns and faults at fixed times (fleet-extras.ts).
import { applyFault, affects } from './fault-effects';
import type { Fault, FaultKind } from './fault';
import { FaultSchedule } from './fault-schedule';
import { extrasByDevice, fixedFaultAt, patternsAt, type DeviceExtras, type RecurringPattern } from './fleet-extras';
import { deviceStream, STREAM, type Random } from './random-streams';
import { cleanValue, createBaseline, round2, type SignalBaseline } from './signal-baseline';

export interface FleetSpec {
  devices: number;
  signals: number;
  intervalMs: number;
  seed: number;
  faults: readonly FaultKind[];
  /** Expected faults per device per minute. */
  faultRate: number;
  /** Benign patterns recurring on named signals (off when absent). */
  patterns?: readonly RecurringPattern[];
  /** Faults at fixed run times, besides the random ones (a random fault on the same signal wins). */
  fixedFaults?: readonly Fault[];
}

export interface SimReading {
  signal: string;
  unit: string;
  value: number;
}

export interface DeviceTick {
  device: string;
  /** Run time in ms. */
  time: number;
  /** Empty when the device is offline (or its only signals dropped out). */
  readings: SimReading[];
  started?: Fault;
  ended?: Fault;
}

export interface SimDevice {
  id: string;
  signals: readonly SignalBaseline[];
}

interface DeviceState extends SimDevice {
  phase: number;
  values: Random;
  effects: Random;
  schedule: FaultSchedule;
  extras: DeviceExtras | undefined;
}

/** Golden-ratio phases: evenly spread for any fleet size, and a device keeps its phase as the fleet grows. */
const PHI = (Math.sqrt(5) - 1) / 2;

export function fleetDeviceId(index: number, devices: number): string {
  return `fleet-${String(index + 1).padStart(Math.max(4, String(devices).length), '0')}`;
}

export class FleetModel {
  private readonly state: DeviceState[];
  /** Devices by phase: the order of their ticks within one interval. */
  private readonly order: DeviceState[];
  private tickIndex = 0;
  private position = 0;

  constructor(readonly spec: FleetSpec) {
    const { devices, signals, intervalMs, seed } = spec;
    const extras = extrasByDevice(spec.patterns, spec.fixedFaults);
    this.state = Array.from({ length: devices }, (_, d) => {
      const baselineRandom = deviceStream(seed, d, STREAM.baseline);
      const baselines = Array.from({ length: signals }, (_, s) => createBaseline(s, baselineRandom));
      const id = fleetDeviceId(d, devices);
      return {
        id,
        signals: baselines,
        // Whole milliseconds, so timestamps are too.
        phase: Math.floor(((d * PHI) % 1) * intervalMs),
        values: deviceStream(seed, d, STREAM.values),
        extras: extras.get(id),
        effects: deviceStream(seed, d, STREAM.effects),
        schedule: new FaultSchedule(
          id,
          baselines,
          { kinds: spec.faults, ratePerMinute: spec.faultRate, intervalMs },
          deviceStream(seed, d, STREAM.schedule),
        ),
      };
    });
    this.order = [...this.state].sort((a, b) => a.phase - b.phase);
  }

  get devices(): readonly SimDevice[] {
    return this.state;
  }

  /** Run time of the tick `step()` returns next. */
  nextTime(): number {
    return this.tickIndex * this.spec.intervalMs + this.order[this.position]!.phase;
  }

  step(): DeviceTick {
    const device = this.order[this.position]!;
    const time = this.nextTime();
    if (++this.position === this.order.length) {
      this.position = 0;
      this.tickIndex++;
    }
    const { active, started, ended } = device.schedule.advance(time);
    const readings: SimReading[] = [];
    for (const b of device.signals) {
      // Drawn even when withheld, so that faults never shift the healthy values that follow.
      const clean = cleanValue(b, time, device.values);
      const extras = device.extras;
      let fault = active && affects(active, b.key) ? active : undefined;
      if (!fault && extras) fault = fixedFaultAt(extras, b.key, time);
      let value = applyFault(fault, clean, time, device.effects);
      if (value !== undefined && extras) value += patternsAt(extras, b.key, time);
      if (value !== undefined) readings.push({ signal: b.key, unit: b.unit, value: round2(value) });
    }
    const tick: DeviceTick = { device: device.id, time, readings };
    if (started) tick.started = started;
    if (ended) tick.ended = ended;
    return tick;
  }

  /** Faults in force at run time `at`. */
  activeFaults(at: number): Fault[] {
    const out: Fault[] = [];
    for (const d of this.state) {
      const f = d.schedule.active;
      if (f && f.start <= at && at < f.end) out.push(f);
    }
    return out;
  }

  /** Stops the run at `stop` (run time; every tick before it was stepped): the faults still open, cut to it. */
  finish(stop: number): Fault[] {
    const out: Fault[] = [];
    for (const d of this.state) {
      const fault = d.schedule.finish(stop);
      if (fault) out.push(fault);
    }
    return out;
  }
}
