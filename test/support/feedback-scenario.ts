// The feedback scenario shared by the benchmark (test/bench/feedback.bench.ts) and its
// integration test: simulated days at accelerated time through a real engine — the fleet
// simulator's values as JSON payloads into the pipeline (the same decode, history, detection
// and alarm service path an MQTT message takes), the engine's clock following simulated time.
//
// One signal carries a benign spike at the same time every day (a fleet pattern) and real
// faults of several shapes at fixed times: a level shift down, a slow excursion up (a ramp), a
// larger spike at another hour, and a spike of the benign one's size and direction at another
// hour (the time of day is what tells it apart). Phase 1 runs with no labels; then the first
// three benign occurrences are labelled false alarm over the contract (annotations.create), as
// an expert drags a range over each; phase 2 runs on. Alarms are counted from the alarm service's own events
// (raised or reactivated), per benign occurrence and per fault.
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import type { Fault } from '../../src/main/engine/simulator/fleet/fault';
import { occurrences, type RecurringPattern } from '../../src/main/engine/simulator/fleet/fleet-extras';
import { encodeTick } from '../../src/main/engine/simulator/fleet/fleet-messages';
import { FleetModel } from '../../src/main/engine/simulator/fleet/fleet-model';
import { halfBand } from '../../src/main/engine/simulator/fleet/signal-baseline';
import { contractClient } from './contract-client';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
/** An alarm this long after a window's end still belongs to it (the detector's reaction time). */
const SLACK_MS = 15 * MINUTE;
/** Monday 2026-01-05 00:00 UTC: run time 0, so run time of day is UTC time of day. */
const DEFAULT_ORIGIN = Date.UTC(2026, 0, 5);

export interface ScenarioOptions {
  dataDir: string;
  seed: number;
  /** Days without labels, then days after the first three benign occurrences are labelled. */
  phase1Days: number;
  phase2Days: number;
  /** Label the first three benign occurrences (false: the control run, same data, no feedback). */
  label: boolean;
  /** Run time 0 (UTC midnight); default Monday 2026-01-05. */
  origin?: number;
  log?: (m: string) => void;
}

export interface WindowCount {
  /** Run time of day, HH:MM. */
  at: string;
  day: number;
  phase: 1 | 2;
  alarms: number;
  anomalies: number;
  suppressed: number;
}

export interface FaultCount extends WindowCount {
  shape: string;
  alarmed: boolean;
  kinds: string[];
}

export interface ScenarioResult {
  benign: WindowCount[];
  faults: FaultCount[];
  labels: string[];
  /** Alarms raised outside every benign and fault window (noise). */
  otherAlarms: number;
  suppressedTotal: number;
  readings: number;
  seconds: number;
  /** The simulated device as configured (to serve the data dir afterwards). */
  device: { id: string; name: string; signals: { key: string; unit: string; intervalMs: number }[] };
}

const DEVICE = 'fleet-0001';
const SIGNAL = 'temperature';

function hhmm(t: number): string {
  const m = Math.floor((t % DAY) / MINUTE);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * The faults of one day, by shape, at hours away from the benign 04:00; `shift` hours later in
 * phase 2 (the statistics remember the hour of a raise and set a higher bar for the next one
 * there, which would hide a repeated fault from the detector with or without feedback).
 */
function faultsOn(day: number, band: number, shift: number): (Fault & { shape: string })[] {
  const at = (h: number) => day * DAY + (h + shift) * HOUR;
  const all: (Fault & { shape: string })[] = [
    // Level shift: three half-bands down for three hours.
    {
      shape: 'level shift down',
      kind: 'spike',
      offset: -3 * band,
      ticks: 180,
      device: DEVICE,
      signal: SIGNAL,
      start: at(14),
      end: at(17),
    },
    // Slow excursion: a ramp to five half-bands up over an hour.
    {
      shape: 'slow excursion up',
      kind: 'drift',
      ratePerMinute: (5 * band) / 60,
      device: DEVICE,
      signal: SIGNAL,
      start: at(9.5),
      end: at(10.5),
    },
    // A larger spike at another hour (2 readings, eight half-bands up).
    {
      shape: 'large spike',
      kind: 'spike',
      offset: 8 * band,
      ticks: 2,
      device: DEVICE,
      signal: SIGNAL,
      start: at(20),
      end: at(20) + 2 * MINUTE,
    },
    // The benign spike's size and direction, at another hour.
    {
      shape: 'benign-sized spike at another hour',
      kind: 'spike',
      offset: 3 * band,
      ticks: 10,
      device: DEVICE,
      signal: SIGNAL,
      start: at(16),
      end: at(16) + 10 * MINUTE,
    },
  ];
  return all;
}

export async function runFeedbackScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const ORIGIN = o.origin ?? DEFAULT_ORIGIN;
  const days = o.phase1Days + o.phase2Days;
  // One device, three signals, a reading a minute; the baselines come from the seed.
  const probe = new FleetModel({ devices: 1, signals: 3, intervalMs: MINUTE, seed: o.seed, faults: [], faultRate: 0 });
  const baseline = probe.devices[0]!.signals.find((s) => s.key === SIGNAL)!;
  const band = halfBand(baseline);
  const pattern: RecurringPattern = {
    device: DEVICE,
    signal: SIGNAL,
    everyMs: DAY,
    atMs: 4 * HOUR,
    durationMs: 10 * MINUTE,
    amplitude: 3 * band,
  };
  // Faults from day 1 (day 0 warms the baselines up), each shape once per phase.
  const faults: (Fault & { shape: string })[] = [];
  for (let d = 1; d < days; d++) {
    const phaseStart = d < o.phase1Days ? 1 : o.phase1Days;
    const k = d - phaseStart;
    if (k >= 0 && k < 4) faults.push(faultsOn(d, band, d < o.phase1Days ? 0 : 1)[k]!);
  }
  const model = new FleetModel({
    devices: 1,
    signals: 3,
    intervalMs: MINUTE,
    seed: o.seed,
    faults: [],
    faultRate: 0,
    patterns: [pattern],
    fixedFaults: faults,
  });
  const device = {
    id: DEVICE,
    name: 'Simulated line 1',
    signals: model.devices[0]!.signals.map((s) => ({ key: s.key, unit: s.unit, intervalMs: MINUTE })),
  };

  let now = ORIGIN;
  const engine = new Engine(
    parseConfig(
      mergeConfig(
        {},
        {
          dataDir: o.dataDir,
          broker: { embedded: false, port: 0 },
          server: { port: 0 },
          simulator: { enabled: false },
          devices: [device],
          // Offline is judged on the engine's clock between batches an hour apart: not this scenario's question.
          // Statistical anomalies raise alarms (off by default): the only case feedback changes anything.
          detection: {
            kindDefaults: false, // its readings are an hour apart: a per-kind on-delay is not this scenario's question
            stats: { alarms: true },
            rules: [{ device: '*', signal: '*', rules: { offline: { enabled: false } } }],
          },
        },
      ),
    ),
    { clock: () => now, log: o.log ?? (() => {}), version: 'bench' },
  );
  await engine.start();
  const s = engine.services;
  const raised: { at: number; signal: string; kind: string }[] = [];
  const off = s.alarms.onEvent((e) => {
    if (e.type === 'raised' || e.type === 'reactivated')
      raised.push({ at: e.at, signal: e.alarm.signal, kind: e.alarm.kind });
  });
  const client = contractClient(engine);
  const labelIds: string[] = [];
  let readings = 0;
  try {
    const runUntil = async (stop: number) => {
      let pending: Promise<unknown>[] = [];
      while (model.nextTime() < stop) {
        const tick = model.step();
        now = ORIGIN + tick.time;
        for (const m of encodeTick(tick, ORIGIN, true)) {
          readings += m.readings;
          pending.push(s.pipeline.submit('fleet', `watchfloor/devices/${m.device}/telemetry`, Buffer.from(m.payload)));
        }
        if (pending.length >= 60) {
          await Promise.all(pending);
          pending = [];
        }
      }
      await Promise.all(pending);
      await s.pipeline.drain();
      await s.detection.flush();
    };
    await runUntil(o.phase1Days * DAY);
    if (o.label) {
      for (const occ of occurrences(pattern, o.phase1Days * DAY).slice(0, 3)) {
        const l = await client.request('annotations.create', {
          deviceId: DEVICE,
          signal: SIGNAL,
          from: ORIGIN + occ.start - MINUTE,
          to: ORIGIN + occ.end + 5 * MINUTE,
          verdict: 'false-alarm',
          cause: 'Operator action',
          text: 'daily batch start, not a fault',
        });
        labelIds.push(l.id);
      }
      await s.detection.feedback.idle();
    }
    await runUntil(days * DAY);
  } finally {
    off();
  }
  // Read back as a client reads them: suppressedBy travels over the contract.
  const anomalies = await client.request('anomalies.list', {
    deviceId: DEVICE,
    signal: SIGNAL,
    from: ORIGIN,
    to: ORIGIN + days * DAY,
    includeDevice: false,
    limit: 10_000,
  });
  const suppressedTotal = s.detection.feedback.suppressed;
  await engine.stop();

  const used = new Set<number>();
  const count = (start: number, end: number, day: number) => {
    const from = ORIGIN + start;
    const to = ORIGIN + end + SLACK_MS;
    const inWindow = raised.filter(
      (r, i) => r.signal === SIGNAL && r.at >= from && r.at < to && !used.has(i) && used.add(i),
    );
    const found = anomalies.filter((a) => a.ts >= from && a.ts < to);
    return {
      at: hhmm(start),
      day,
      phase: (day < o.phase1Days ? 1 : 2) as 1 | 2,
      alarms: inWindow.length,
      anomalies: found.length,
      suppressed: found.filter((a) => a.suppressedBy).length,
      kinds: [...new Set(inWindow.map((r) => r.kind))],
    };
  };
  const benign = occurrences(pattern, days * DAY).map((occ) => {
    const { kinds: _kinds, ...c } = count(occ.start, occ.end, Math.floor(occ.start / DAY));
    return c;
  });
  const faultCounts = faults.map((f) => {
    const c = count(f.start, f.end, Math.floor(f.start / DAY));
    return { shape: f.shape, ...c, alarmed: c.alarms > 0 };
  });
  const otherAlarms = raised.filter((r, i) => r.signal === SIGNAL && !used.has(i)).length;
  return {
    benign,
    faults: faultCounts,
    labels: labelIds,
    otherAlarms,
    suppressedTotal,
    readings,
    seconds: (performance.now() - started) / 1000,
    device,
  };
}
