// npm run bench -- fleet-eval [--config adequate|short] [--devices N] [--signals N] [--hours H]
//                              [--interval-ms MS] [--rate R] [--seed S]
//
// `watchfloor eval csv` (the engine's default model rule plus the statistics scorer) on the
// fleet simulator's labelled faults: the fleet model (engine/simulator/fleet) runs in memory for
// `hours` of ticks every `interval-ms`; each device becomes one labelled CSV (a row per tick,
// label 1 while one of its faults — spike, drift, stuck, noise — shapes its readings), evaluated
// as a user would with the first 30 % of rows (less labelled ones) for training.
//
// Two configurations (explicit options override theirs):
// - `adequate` (default: how the product is used, a model trained on enough history): 30 days of
//   1-minute ticks, 0.002 faults per device-minute — 9 days of training rows;
// - `short`: 3 hours of 1-second ticks, 0.02 faults per device-minute — 54 minutes of training
//   rows, less than two periods of the simulator's slowest cycles; the trainer refuses these
//   models (the minimum training span, and the history checks), and the devices run on the
//   statistics alone. `--config short --hours 24` gives 7.2 h of training rows: refused by the
//   minimum training span (models.minTrainingSpan, 24 h), which the history checks alone missed.
// Prints per device whether the model was accepted (and the forward check's figures), and pooled
// precision, recall and false-alarm rate: `model` (the accepted models alone), `product` (what
// the engine flags: accepted models plus the statistics; a refused model's device the
// statistics alone) and `refusedModels` (what the refused models would have flagged had they
// been used, for the record).
import { parseArgs } from 'node:util';
import { evaluateCsv, type QualityMetrics } from '../../src/main/engine/eval/csv/eval-csv';
import { FleetModel } from '../../src/main/engine/simulator/fleet/fleet-model';

const CONFIGS = {
  adequate: { hours: '720', 'interval-ms': '60000', rate: '0.002' },
  short: { hours: '3', 'interval-ms': '1000', rate: '0.02' },
} as const;
const { values: given } = parseArgs({
  options: {
    config: { type: 'string', default: 'adequate' },
    devices: { type: 'string', default: '8' },
    signals: { type: 'string', default: '8' },
    hours: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string', default: '11' },
    'interval-ms': { type: 'string' },
  },
});
if (!(given.config! in CONFIGS)) throw new Error(`--config must be one of ${Object.keys(CONFIGS).join(', ')}`);
const preset = CONFIGS[given.config as keyof typeof CONFIGS];
const args = {
  ...given,
  hours: given.hours ?? preset.hours,
  rate: given.rate ?? preset.rate,
  'interval-ms': given['interval-ms'] ?? preset['interval-ms'],
};
const log = (m: string) => process.stderr.write(`[bench fleet-eval] ${m}\n`);

/** The CSV's first timestamp (epoch ms, as a historian exports them; the simulator's clock starts at 0). */
const EPOCH = Date.UTC(2026, 0, 1);

function csvs(): Map<string, string> {
  const devices = Number(args.devices);
  const fleet = new FleetModel({
    devices,
    signals: Number(args.signals),
    intervalMs: Number(args['interval-ms']),
    seed: Number(args.seed),
    faults: ['spike', 'drift', 'stuck', 'noise'],
    faultRate: Number(args.rate),
  });
  const keys = fleet.devices[0]!.signals.map((s) => s.key);
  const lines = new Map(fleet.devices.map((d) => [d.id, [`timestamp,${keys.join(',')},label`]]));
  const faulty = new Set<string>();
  const stop = Number(args.hours) * 3_600_000;
  while (fleet.nextTime() < stop) {
    const tick = fleet.step();
    if (tick.started) faulty.add(tick.device);
    const values = new Map(tick.readings.map((r) => [r.signal, r.value]));
    const label = faulty.has(tick.device) ? 1 : 0;
    lines.get(tick.device)!.push(`${EPOCH + tick.time},${keys.map((k) => values.get(k) ?? '').join(',')},${label}`);
    if (tick.ended) faulty.delete(tick.device);
  }
  return new Map([...lines].map(([id, l]) => [id, l.join('\n')]));
}

function pool(ms: QualityMetrics[]) {
  const sum = (k: keyof QualityMetrics) => ms.reduce((a, m) => a + m[k], 0);
  const tp = sum('truePositives');
  const fp = sum('falsePositives');
  const tn = sum('trueNegatives');
  const fn = sum('falseNegatives');
  return {
    precision: r4(tp / (tp + fp || 1)),
    recall: r4(tp / (tp + fn || 1)),
    falseAlarmRate: r4(fp / (fp + tn || 1)),
  };
}

function r4(x: number) {
  return Math.round(x * 10_000) / 10_000;
}

async function main() {
  const files = csvs();
  const accepted: QualityMetrics[] = [];
  const product: QualityMetrics[] = [];
  const refusedModels: QualityMetrics[] = [];
  const perDevice: Record<string, unknown>[] = [];
  const base = { separator: ',', labelColumn: 'label', ignoreColumns: [] };
  for (const [id, text] of files) {
    const model = await evaluateCsv(text, { ...base, stats: false, keepRefused: true });
    const both = await evaluateCsv(text, { ...base, stats: true });
    (model.refused ? refusedModels : accepted).push(model.metrics!);
    product.push(both.metrics!);
    const f = model.forward;
    perDevice.push({
      device: id,
      lags: model.lags,
      trainingSpanHours: model.span.ms === null ? null : r4(model.span.ms / 3_600_000),
      positives: model.metrics!.truePositives + model.metrics!.falseNegatives,
      forward: { heldOut: f.heldOut, exceedance: r4(f.exceedance), alarmRate: r4(f.alarmRate), allowed: f.allowed },
      coincidences: model.coverage.coincidences.map((c) => ({
        ...c,
        r: r4(c.r),
        effective: r4(c.effective),
        z: r4(c.z),
      })),
      refused: model.refused,
      model: pool([model.metrics!]),
      product: pool([both.metrics!]),
    });
    log(
      `${id}: ${model.refused ? 'refused' : 'accepted'}, forward ${r4(f.alarmRate)}, coincidences ${model.coverage.coincidences.length}; model ${JSON.stringify(pool([model.metrics!]))}`,
    );
  }
  const productPool = pool(product);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'fleet-eval',
        config: given.config,
        seed: Number(args.seed),
        devices: Number(args.devices),
        signals: Number(args.signals),
        hours: Number(args.hours),
        intervalMs: Number(args['interval-ms']),
        faultRatePerDeviceMinute: Number(args.rate),
        acceptedModels: accepted.length,
        refusedModels: refusedModels.length,
        model: accepted.length ? pool(accepted) : null,
        product: productPool,
        refusedModelsWouldGive: refusedModels.length ? pool(refusedModels) : null,
        target: { falseAlarmRateAtMost: 0.02, met: productPool.falseAlarmRate <= 0.02 },
        perDevice,
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
