// `watchfloor simulate`: a fleet of N devices × M signals publishing to an MQTT broker or a
// Kafka topic, with labelled faults, so that ingest can be loaded and detection scored against
// known truth. The fleet itself lives in engine/simulator/fleet; this file reads the command
// line, wires the target and the label file, and reports on stderr (progress) and stdout (the
// summary, one JSON line).
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { FAULT_KINDS, isFaultKind, type FaultKind } from '../../engine/simulator/fleet/fault';
import { patternProblem, type RecurringPattern } from '../../engine/simulator/fleet/fleet-extras';
import { FleetModel, type FleetSpec } from '../../engine/simulator/fleet/fleet-model';
import { runFleet, type FleetProgress } from '../../engine/simulator/fleet/fleet-run';
import { KafkaTarget } from '../../engine/simulator/fleet/kafka-target';
import { LabelFile } from '../../engine/simulator/fleet/label-file';
import { MqttTarget } from '../../engine/simulator/fleet/mqtt-target';
import { describeTarget, parseTargetAddress, type TargetAddress } from '../../engine/simulator/fleet/target-url';
import type { TelemetryTarget } from '../../engine/simulator/fleet/telemetry-target';
import {
  expectArgs,
  listOption,
  stringOption,
  UsageError,
  type Command,
  type OptionSpecs,
  type OptionValues,
} from './command-line';

const OPTIONS = {
  devices: { type: 'string' },
  signals: { type: 'string' },
  'interval-ms': { type: 'string' },
  to: { type: 'string' },
  duration: { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string', multiple: true },
  'fault-rate': { type: 'string' },
  pattern: { type: 'string', multiple: true },
  labels: { type: 'string' },
  batch: { type: 'boolean' },
  qos: { type: 'string' },
} as const satisfies OptionSpecs;

interface SimulationPlan {
  spec: FleetSpec;
  address: TargetAddress;
  qos: 0 | 1;
  batch: boolean;
  durationMs: number;
  labels: string | undefined;
}

function numberOption(
  values: OptionValues,
  name: string,
  fallback: number,
  { min, max = Number.MAX_SAFE_INTEGER, integer = true }: { min: number; max?: number; integer?: boolean },
): number {
  const text = stringOption(values, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const what = integer ? 'a whole number' : 'a number';
    throw new UsageError(`--${name} must be ${what} from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function faultKinds(values: OptionValues): FaultKind[] {
  const names = listOption(values, 'faults');
  if (names.length === 0 || names.includes('all')) return [...FAULT_KINDS];
  if (names.includes('none')) return [];
  const unknown = names.find((n) => !isFaultKind(n));
  if (unknown) throw new UsageError(`--faults: unknown kind "${unknown}" (${FAULT_KINDS.join(', ')}, all or none)`);
  return FAULT_KINDS.filter((k) => names.includes(k));
}

/**
 * `--pattern DEVICE/SIGNAL:at=S,every=S,for=S,by=X` (seconds of run time; every defaults to a
 * day): a benign offset recurring on one signal. Repeatable.
 */
function patterns(values: OptionValues): RecurringPattern[] {
  const v = values.pattern;
  const texts = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return texts.map((text) => {
    const m = /^([^/:]+)\/([^:]+):(.+)$/.exec(text.trim());
    if (!m) throw new UsageError(`--pattern "${text}": expected DEVICE/SIGNAL:at=S,for=S,by=X[,every=S]`);
    const fields = new Map<string, number>();
    for (const part of m[3]!.split(',')) {
      const [k, n] = part.split('=');
      const num = Number(n);
      if (!k || !['at', 'every', 'for', 'by'].includes(k.trim()) || n === undefined || !Number.isFinite(num)) {
        throw new UsageError(`--pattern "${text}": "${part}" is not at=, every=, for= or by= a number`);
      }
      fields.set(k.trim(), num);
    }
    const p: RecurringPattern = {
      device: m[1]!,
      signal: m[2]!,
      atMs: Math.round((fields.get('at') ?? 0) * 1000),
      everyMs: Math.round((fields.get('every') ?? 86_400) * 1000),
      durationMs: Math.round((fields.get('for') ?? 60) * 1000),
      amplitude: fields.get('by') ?? NaN,
    };
    const problem = patternProblem(p);
    if (problem) throw new UsageError(`--pattern "${text}": ${problem}`);
    return p;
  });
}

function plan(values: OptionValues): SimulationPlan {
  const to = stringOption(values, 'to');
  if (!to) throw new UsageError('simulate needs --to mqtt://host:port[/topic-prefix] or kafka://host:port/topic');
  let address: TargetAddress;
  try {
    address = parseTargetAddress(to);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const qosText = stringOption(values, 'qos');
  if (qosText !== undefined && address.kind !== 'mqtt') throw new UsageError('--qos applies to MQTT targets only');
  if (qosText !== undefined && qosText !== '0' && qosText !== '1') throw new UsageError('--qos must be 0 or 1');
  const spec: FleetSpec = {
    devices: numberOption(values, 'devices', 10, { min: 1, max: 100_000 }),
    signals: numberOption(values, 'signals', 3, { min: 1, max: 200 }),
    intervalMs: numberOption(values, 'interval-ms', 1000, { min: 1, max: 24 * 3600 * 1000 }),
    seed: numberOption(values, 'seed', randomInt(0, 2 ** 32 - 1), { min: 0, max: 2 ** 32 - 1 }),
    faults: faultKinds(values),
    faultRate: numberOption(values, 'fault-rate', 0.05, { min: 0, max: 1000, integer: false }),
    patterns: patterns(values),
  };
  const duration = numberOption(values, 'duration', 0, { min: 0, max: 365 * 24 * 3600, integer: false });
  const labels = stringOption(values, 'labels');
  return {
    spec,
    address,
    qos: qosText === '0' ? 0 : 1,
    batch: values.batch === true,
    // A tiny positive duration must not round to 0, which means "until Ctrl-C".
    durationMs: duration > 0 ? Math.max(1, Math.round(duration * 1000)) : 0,
    labels: labels === undefined ? undefined : resolve(labels),
  };
}

function describeProgress(p: FleetProgress): string {
  const active = Object.entries(p.activeFaults);
  const faultCount = active.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  const faults = faultCount
    ? `${faultCount} faults active (${active.map(([k, n]) => `${k} ${n}`).join(', ')})`
    : 'no fault active';
  const parts = [
    `simulate ${Math.round(p.elapsedMs / 1000)} s`,
    `${Math.round(p.messagesPerSecond).toLocaleString('en-US')} msg/s`,
    `${p.readings.toLocaleString('en-US')} readings`,
    faults,
  ];
  if (p.behindMs >= 1000) parts.push(`${(p.behindMs / 1000).toFixed(1)} s behind schedule`);
  if (p.failed) parts.push(`${p.failed.toLocaleString('en-US')} failed`);
  return parts.join(', ');
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function createTarget(p: SimulationPlan, log: (m: string) => void): TelemetryTarget {
  return p.address.kind === 'mqtt' ? new MqttTarget(p.address, p.qos, log) : new KafkaTarget(p.address, log);
}

export const simulateCommand: Command = {
  options: OPTIONS,
  async run(line, ctx) {
    expectArgs(line, 'simulate', []);
    const p = plan(line.values);
    const log = (m: string) => ctx.status.log(m);
    const { devices, signals, intervalMs, seed, faults, faultRate } = p.spec;
    const perSecond = Math.round(((devices * signals * 1000) / intervalMs) * 10) / 10;
    log(
      `${devices} devices × ${signals} signals every ${intervalMs} ms (${perSecond} readings/s) to ` +
        `${describeTarget(p.address)}${p.address.kind === 'mqtt' ? ` at QoS ${p.qos}` : ''}, seed ${seed}, ` +
        (faults.length ? `faults ${faults.join(',')} at ${faultRate} per device per minute` : 'no faults') +
        (p.durationMs ? `, for ${p.durationMs / 1000} s` : ', until Ctrl-C'),
    );

    const labels = p.labels ? new LabelFile(p.labels) : undefined;
    const target = createTarget(p, log);
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      log(`${signal}: stopping`);
      stop.abort();
    };
    try {
      await target.connect();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const result = await runFleet({
        model: new FleetModel(p.spec),
        target,
        batch: p.batch,
        durationMs: p.durationMs,
        signal: stop.signal,
        labels,
        onProgress: (progress) => ctx.status.progress(describeProgress(progress)),
      });
      ctx.status.clear();
      if (labels) log(`labels in ${labels.path}`);
      if (result.failed) log(`${result.failed} messages were not accepted by ${target.description}`);
      const { published, readings, failed, faults: injected, seconds } = result;
      ctx.out(JSON.stringify({ published, readings, failed, faults: injected, seconds: round3(seconds), seed }));
      return failed ? 1 : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      labels?.close();
    }
  },
};
