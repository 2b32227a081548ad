import { describe, expect, it } from 'vitest';
import { toLabel, type Fault, type FaultKind } from './fault';
import { FleetModel, type DeviceTick, type FleetSpec } from './fleet-model';
import { halfBand, normalBand, type SignalBaseline } from './signal-baseline';

const SPEC: FleetSpec = { devices: 12, signals: 3, intervalMs: 1000, seed: 7, faults: [], faultRate: 0 };

interface Run {
  model: FleetModel;
  ticks: DeviceTick[];
  byDevice: Map<string, DeviceTick[]>;
  faults: Fault[];
}

/** Steps a model through `minutes` of run time, collecting ticks and every fault it reports. */
function play(spec: Partial<FleetSpec>, minutes: number): Run {
  const model = new FleetModel({ ...SPEC, ...spec });
  const stop = minutes * 60_000;
  const ticks: DeviceTick[] = [];
  const faults: Fault[] = [];
  while (model.nextTime() < stop) {
    const tick = model.step();
    ticks.push(tick);
    if (tick.ended) faults.push(tick.ended);
  }
  faults.push(...model.finish(stop));
  const byDevice = new Map<string, DeviceTick[]>();
  for (const t of ticks) {
    const list = byDevice.get(t.device);
    if (list) list.push(t);
    else byDevice.set(t.device, [t]);
  }
  return { model, ticks, byDevice, faults };
}

/** The same run without faults: what every reading would have been. */
function cleanValues(spec: Partial<FleetSpec>, minutes: number): Map<string, number> {
  const values = new Map<string, number>();
  for (const t of play({ ...spec, faults: [], faultRate: 0 }, minutes).ticks) {
    for (const r of t.readings) values.set(`${t.device}/${r.signal}@${t.time}`, r.value);
  }
  return values;
}

function ticksOf(run: Run, device: string, from: number, to: number): DeviceTick[] {
  return run.byDevice.get(device)!.filter((t) => t.time >= from && t.time < to);
}

function readingsOf(run: Run, device: string, signal: string, from: number, to: number) {
  return ticksOf(run, device, from, to).map((t) => ({
    time: t.time,
    value: t.readings.find((r) => r.signal === signal)?.value,
  }));
}

function baseline(run: Run, device: string, signal: string): SignalBaseline {
  return run.model.devices.find((d) => d.id === device)!.signals.find((s) => s.key === signal)!;
}

function only(kind: FaultKind, minutes = 60): { run: Run; clean: () => Map<string, number>; faults: Fault[] } {
  const spec = { faults: [kind], faultRate: 0.5 };
  const run = play(spec, minutes);
  const faults = run.faults.filter((f) => !f.truncated);
  expect(faults.length).toBeGreaterThan(5);
  return { run, clean: () => cleanValues(spec, minutes), faults };
}

describe('FleetModel', () => {
  it('spreads devices over the interval and keeps each on its own period', () => {
    const { ticks } = play({ devices: 4, intervalMs: 1000 }, 0.05);
    expect(ticks.slice(0, 5).map((t) => [t.device, t.time])).toEqual([
      ['fleet-0001', 0],
      ['fleet-0003', 236],
      ['fleet-0002', 618],
      ['fleet-0004', 854],
      ['fleet-0001', 1000],
    ]);
    // A large fleet fills the interval evenly: no tenth of it holds much more than its share.
    const large = play({ devices: 1000, intervalMs: 1000 }, 1000 / 60_000).ticks;
    const perTenth = Array.from({ length: 10 }, (_, i) => large.filter((t) => Math.floor(t.time / 100) === i).length);
    expect(Math.max(...perTenth)).toBeLessThan(110);
    expect(ticks[0]!.readings.map((r) => [r.signal, r.unit])).toEqual([
      ['temperature', 'celsius'],
      ['pressure', 'bar'],
      ['vibration', 'mm_s'],
    ]);
  });

  it('names signals beyond the catalogue by repeating kinds', () => {
    const model = new FleetModel({ ...SPEC, signals: 10 });
    expect(model.devices[0]!.signals.slice(8).map((s) => s.key)).toEqual(['temperature-2', 'pressure-2']);
  });

  it('keeps healthy values in the normal band, rounded to two decimals', () => {
    const run = play({}, 10);
    for (const t of run.ticks) {
      for (const r of t.readings) {
        const [lo, hi] = normalBand(baseline(run, t.device, r.signal));
        // Three sigma of noise: a rare excursion is allowed, a wide one is not.
        expect(r.value).toBeGreaterThan(lo - (hi - lo) * 0.1);
        expect(r.value).toBeLessThan(hi + (hi - lo) * 0.1);
        expect(Math.round(r.value * 100) / 100).toBe(r.value);
      }
    }
  });

  it('is deterministic with a seed, and another seed gives another fleet', () => {
    const spec = { faults: ['spike', 'drift', 'stuck', 'noise', 'dropout', 'offline'] as FaultKind[], faultRate: 0.3 };
    const a = play(spec, 20);
    const b = play(spec, 20);
    expect(b.ticks).toEqual(a.ticks);
    expect(b.faults.map((f) => toLabel(f, 0))).toEqual(a.faults.map((f) => toLabel(f, 0)));
    const c = play({ ...spec, seed: 8 }, 20);
    expect(c.ticks[0]!.readings).not.toEqual(a.ticks[0]!.readings);
  });

  it('gives a device the same values and faults whatever the size of the fleet', () => {
    const spec = { faults: ['drift', 'stuck'] as FaultKind[], faultRate: 0.3 };
    const small = play({ ...spec, devices: 3 }, 20);
    const large = play({ ...spec, devices: 30 }, 20);
    const values = (run: Run) =>
      run.ticks.filter((t) => t.device.endsWith('0002')).map((t) => t.readings.map((r) => r.value));
    expect(values(large)).toEqual(values(small));
    const kinds = (run: Run) => run.faults.filter((f) => f.device.endsWith('0002')).map((f) => [f.kind, f.signal]);
    expect(kinds(large)).toEqual(kinds(small));
  });

  it('changes readings only inside the labelled intervals, one fault per device at a time', () => {
    const spec = { faults: ['spike', 'drift', 'stuck', 'noise', 'dropout', 'offline'] as FaultKind[], faultRate: 0.4 };
    const run = play(spec, 60);
    const clean = cleanValues(spec, 60);
    const covering = (device: string, signal: string, time: number) =>
      run.faults.filter(
        (f) => f.device === device && (f.signal === null || f.signal === signal) && f.start <= time && time < f.end,
      );
    let changed = 0;
    for (const t of run.ticks) {
      const device = run.model.devices.find((d) => d.id === t.device)!;
      for (const s of device.signals) {
        const value = t.readings.find((r) => r.signal === s.key)?.value;
        const truth = clean.get(`${t.device}/${s.key}@${t.time}`);
        if (value === truth) continue;
        changed++;
        expect(covering(t.device, s.key, t.time)).toHaveLength(1);
      }
    }
    expect(changed).toBeGreaterThan(100);
    for (const device of new Set(run.faults.map((f) => f.device))) {
      const mine = run.faults.filter((f) => f.device === device).sort((a, b) => a.start - b.start);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
    }
    // Every fault starts on one of its device's ticks: the first reading it shaped.
    for (const f of run.faults) expect(run.byDevice.get(f.device)!.some((t) => t.time === f.start)).toBe(true);
  });

  it('spike: one to three readings far outside the normal band', () => {
    const { run, faults } = only('spike');
    for (const f of faults) {
      const readings = readingsOf(run, f.device, f.signal!, f.start, f.end);
      expect(readings.length).toBeGreaterThanOrEqual(1);
      expect(readings.length).toBeLessThanOrEqual(3);
      const b = baseline(run, f.device, f.signal!);
      const [lo, hi] = normalBand(b);
      for (const r of readings) expect(r.value! < lo - halfBand(b) || r.value! > hi + halfBand(b)).toBe(true);
    }
  });

  it('drift: a monotone ramp away from the true value, over minutes', () => {
    const { run, faults, ...rest } = only('drift', 120);
    const clean = rest.clean();
    for (const f of faults) {
      expect(f.end - f.start).toBeGreaterThanOrEqual(2 * 60_000);
      const offsets = readingsOf(run, f.device, f.signal!, f.start, f.end).map(
        (r) => r.value! - clean.get(`${f.device}/${f.signal}@${r.time}`)!,
      );
      const sign = Math.sign(offsets[offsets.length - 1]!);
      for (let i = 1; i < offsets.length; i++) expect(sign * (offsets[i]! - offsets[i - 1]!)).toBeGreaterThan(-0.011);
      // By its end the drift has left the band: 2–5 half-bands.
      expect(Math.abs(offsets[offsets.length - 1]!)).toBeGreaterThan(
        1.5 * halfBand(baseline(run, f.device, f.signal!)),
      );
    }
  });

  it('stuck: the value is frozen for the whole interval', () => {
    const { run, faults } = only('stuck');
    for (const f of faults) {
      const values = readingsOf(run, f.device, f.signal!, f.start, f.end).map((r) => r.value);
      expect(values.length).toBeGreaterThanOrEqual(3);
      expect(new Set(values)).toEqual(new Set([f.kind === 'stuck' ? f.value : NaN]));
    }
  });

  it('noise: a burst of much higher variance', () => {
    const { run, faults, ...rest } = only('noise');
    const clean = rest.clean();
    for (const f of faults) {
      const deviations = readingsOf(run, f.device, f.signal!, f.start, f.end).map(
        (r) => r.value! - clean.get(`${f.device}/${f.signal}@${r.time}`)!,
      );
      const variance = deviations.reduce((s, d) => s + d * d, 0) / deviations.length;
      const sensorNoise = baseline(run, f.device, f.signal!).noise;
      expect(variance).toBeGreaterThan(8 * sensorNoise ** 2);
    }
  });

  it('dropout: the signal publishes nothing while its neighbours go on', () => {
    const { run, faults } = only('dropout');
    for (const f of faults) {
      const ticks = ticksOf(run, f.device, f.start, f.end);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const t of ticks) {
        expect(t.readings.map((r) => r.signal)).not.toContain(f.signal);
        expect(t.readings).toHaveLength(SPEC.signals - 1);
      }
    }
  });

  it('offline: the whole device is silent', () => {
    const { run, faults } = only('offline');
    for (const f of faults) {
      expect(f.signal).toBeNull();
      const ticks = ticksOf(run, f.device, f.start, f.end);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const t of ticks) expect(t.readings).toEqual([]);
    }
  });

  it('cuts the faults still open at the end of the run to it, and marks them', () => {
    const run = play({ faults: ['offline'], faultRate: 5 }, 1);
    const open = run.faults.filter((f) => f.truncated);
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) expect(f.end).toBe(60_000);
    expect(run.faults.every((f) => f.start < 60_000 && f.end <= 60_000)).toBe(true);
  });

  it('injects nothing with no kinds or a zero rate', () => {
    expect(play({ faults: ['spike'], faultRate: 0 }, 30).faults).toEqual([]);
    expect(play({ faults: [], faultRate: 1 }, 30).faults).toEqual([]);
  });
});
