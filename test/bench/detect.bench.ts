// npm run bench -- detect [--series N] [--rounds N] [--warmup N] [--phase NAME] [--labels N]
//
// Detection throughput on one thread: the detection stage the pipeline runs, over `series`
// series (default 10,000: 1,000 devices × 10 signals, each with hi/lo limits, a rate rule
// and a flatline rule), fed time-major in batches of one reading per series, as a plant's
// live feed arrives. Values are random walks around a level with a daily-looking sine, a few
// spikes and stuck stretches, so rules, statistics and the trend predictor all do real work.
// Phases (each on a fresh stage, warmed up first):
//   rules        limits, rate, flatline, quality
//   rules+stats  the same plus the statistics scorer and the trend predictor (the target)
//   model        the trained model over 20 signals (dynamic PCA: 2 lags, windows of 3 vectors),
//                exported to ONNX, scored through onnxruntime-node in batches of 1,000 device
//                vectors (p50/p99 per batch; target p99 < 5 ms); then the same at --model-signals
//                (default 50) and the static PCA of earlier versions over 20 signals
// --labels N attaches the annotation service's label index (annotations/label-index.ts) with a bad-data label on
// the first N series (one past minute each, so their readings are asked about and kept): the cost
// of keeping bad data out of the baselines. Without it no index is attached.
// Only process() is timed in the first two; the alarm service is a counter (its cost is the
// alarm service's, measured with it). Prints one JSON document.
import { parseArgs } from 'node:util';
import { RuleEntry } from '../../src/shared/contract/detection';
import { modelPhase, type ModelPhaseResult } from './support/model-phase';
import { Device, type Reading } from '../../src/shared/domain';
import type { AlarmCondition, AlarmSink } from '../../src/main/engine/detect/condition';
import { DetectionStage } from '../../src/main/engine/detect/detection-stage';
import { RuleBook } from '../../src/main/engine/detect/rule-book';
import { StatsBank, TrendPredictor } from '../../src/main/engine/detect/stats';
import { LabelIndex } from '../../src/main/engine/annotations/label-index';
import type { LabelRange } from '../../src/main/engine/annotations/annotation-ports';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '100' },
    phase: { type: 'string' },
    labels: { type: 'string' },
    'model-signals': { type: 'string', default: '50' },
  },
});
const SERIES = Number(args.series);
const ROUNDS = Number(args.rounds);
const WARMUP = Number(args.warmup);
const SIGNALS = 10;
const DEVICES = Math.ceil(SERIES / SIGNALS);
const STEP_MS = 1000;

const log = (m: string) => process.stderr.write(`[bench detect] ${m}\n`);

class CountingSink implements AlarmSink {
  calls = 0;
  active = 0;
  apply(_d: string, _s: string, cond: AlarmCondition): void {
    this.calls++;
    if (cond.active) this.active++;
  }
  isConditionActive(): boolean {
    return false;
  }
}

const devices = Array.from({ length: DEVICES }, (_, d) =>
  Device.parse({
    id: `eq-${String(d).padStart(4, '0')}`,
    name: `Equipment ${d}`,
    signals: Array.from({ length: SIGNALS }, (_, s) => ({
      key: `s${s}`,
      limits: { lo: 10, hi: 90, hiHi: 95 },
      deadband: 1,
      intervalMs: STEP_MS,
    })),
  }),
);
const byId = new Map(devices.map((d) => [d.id, d]));
const registry = {
  get: (id: string) => byId.get(id),
  signal: (id: string, key: string) => byId.get(id)?.signals.find((s) => s.key === key),
};
const rules = [
  RuleEntry.parse({ device: '*', signal: '*', rules: { rate: { maxPerSecond: 20 }, flatline: { samples: 30 } } }),
];

/** A deterministic PRNG (mulberry32), so every run sees the same data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One batch object per round, reused: values are rewritten in place before each timed call. */
function makeFeed(seed: number) {
  const rand = prng(seed);
  const batch: Reading[] = [];
  for (let i = 0; i < SERIES; i++) {
    batch.push({
      deviceId: devices[Math.floor(i / SIGNALS)]!.id,
      signal: `s${i % SIGNALS}`,
      ts: 0,
      value: 50,
      quality: 'good',
    });
  }
  const level = new Float64Array(SERIES).map(() => 40 + rand() * 20);
  const stuck = new Int32Array(SERIES);
  let t = Date.UTC(2026, 0, 1);
  return (round: number) => {
    t += STEP_MS;
    const season = Math.sin((round / 600) * 2 * Math.PI) * 5;
    for (let i = 0; i < SERIES; i++) {
      const r = batch[i]!;
      r.ts = t;
      if (stuck[i]! > 0) {
        stuck[i]!--;
        continue;
      }
      level[i] = level[i]! + (rand() - 0.5) * 0.4 + (50 - level[i]!) * 0.01;
      let v = level[i]! + season + (rand() - 0.5);
      const u = rand();
      if (u < 0.0005)
        v += 45; // spike past hi
      else if (u < 0.0007) stuck[i] = 40; // sensor freezes
      r.value = v;
      r.quality = u > 0.9998 ? 'bad' : 'good';
    }
    return batch;
  };
}

interface PhaseResult {
  readings: number;
  seconds: number;
  readingsPerSecond: number;
  nsPerReading: number;
  batchMs: { p50: number; p99: number; max: number };
  alarmCalls: number;
  anomalies: number;
  heapMB: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function runStage(stage: DetectionStage, sink: CountingSink): PhaseResult {
  const feed = makeFeed(42);
  for (let r = 0; r < WARMUP; r++) stage.process(feed(r));
  stage.takeAnomalies();
  sink.calls = 0;
  const times: number[] = [];
  let anomalies = 0;
  let total = 0;
  for (let r = WARMUP; r < WARMUP + ROUNDS; r++) {
    const batch = feed(r);
    const t0 = performance.now();
    stage.process(batch);
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
    anomalies += stage.takeAnomalies().length;
  }
  const readings = ROUNDS * SERIES;
  const seconds = total / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    readings,
    seconds: r2(seconds),
    readingsPerSecond: Math.round(readings / seconds),
    nsPerReading: r2((total * 1e6) / readings),
    batchMs: { p50: r2(percentile(sorted, 50)), p99: r2(percentile(sorted, 99)), max: r2(sorted.at(-1)!) },
    alarmCalls: sink.calls,
    anomalies,
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
}

function stageFor(withStats: boolean, sink: CountingSink): DetectionStage {
  const stage = new DetectionStage(
    {
      registry,
      alarms: sink,
      rules: new RuleBook(rules),
      clock: Date.now,
      stats: withStats ? new StatsBank({ capacity: SERIES }) : undefined,
      trend: withStats ? new TrendPredictor({ capacity: SERIES }) : undefined,
    },
    {
      stats: { enabled: withStats, alarms: true, threshold: 0.5, priority: 'low' },
      trend: { enabled: withStats, horizonMs: 15 * 60_000, priority: 'medium' },
    },
  );
  if (args.labels !== undefined) {
    const labels: LabelRange[] = Array.from({ length: Number(args.labels) }, (_, i) => ({
      id: `L${i}`,
      deviceId: devices[Math.floor(i / SIGNALS)]!.id,
      signal: `s${i % SIGNALS}`,
      from: 0,
      to: 60_000,
      verdict: 'bad-data',
      cause: null,
      text: '',
      author: 'bench',
      target: { type: 'range' },
      revision: 1,
    }));
    const index = new LabelIndex();
    index.reset(labels);
    stage.useLabels({
      revision: 1,
      rangesOf: (d, s, from, to, verdicts) => index.rangesOf(d, s, from, to, verdicts),
      covering: (d, s, ts, verdict) => index.covering(d, s, ts, verdict),
      onChange: () => () => {},
    });
  }
  return stage;
}

const PHASES: Record<string, () => PhaseResult> = {
  rules: () => {
    const sink = new CountingSink();
    return runStage(stageFor(false, sink), sink);
  },
  'rules+stats': () => {
    const sink = new CountingSink();
    return runStage(stageFor(true, sink), sink);
  },
};

/** Model scoring is asynchronous (onnxruntime-node), so it runs after the synchronous phases. */
const ASYNC_PHASES = ['model'] as const;

async function main() {
  const all = [...Object.keys(PHASES), ...ASYNC_PHASES];
  const names = args.phase ? [args.phase] : all;
  const phases: Record<string, PhaseResult> = {};
  let model: ModelPhaseResult | undefined;
  const modelVariants: ModelPhaseResult[] = [];
  for (const name of names) {
    if (name === 'model') {
      log('model: dynamic PCA over 20 signals, 2,000 batches of 1,000 device vectors');
      model = await modelPhase({ kind: 'dpca', signals: 20, batch: 1000, batches: 2000, log });
      log(`model: p99 ${model.p99Ms} ms per batch`);
      const wide = Number(args['model-signals']);
      modelVariants.push(await modelPhase({ kind: 'dpca', signals: wide, batch: 1000, batches: 1000, log }));
      modelVariants.push(await modelPhase({ kind: 'pca', signals: 20, batch: 1000, batches: 2000, log }));
      for (const v of modelVariants) log(`model ${v.kind} over ${v.signals} signals: p99 ${v.p99Ms} ms per batch`);
      continue;
    }
    const run = PHASES[name];
    if (!run) throw new Error(`no phase "${name}"; phases: ${all.join(', ')}`);
    log(`${name}: ${SERIES} series, ${WARMUP} warm-up + ${ROUNDS} measured rounds`);
    phases[name] = run();
    log(`${name}: ${phases[name].readingsPerSecond.toLocaleString('en')} readings/s`);
  }
  const target = phases['rules+stats'];
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'detect',
        node: process.version,
        threads: 1,
        series: SERIES,
        rounds: ROUNDS,
        phases,
        target: target && { readingsPerSecondPerCore: 1_000_000, met: target.readingsPerSecond >= 1_000_000 },
        model,
        modelTarget: model && { p99MsPerBatchOf1000: 5, met: model.p99Ms < 5 },
        modelVariants,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
