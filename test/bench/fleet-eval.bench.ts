// npm run bench -- fleet-eval [--devices N] [--signals N] [--hours H] [--rate R] [--seed S]
//
// `watchfloor eval csv` (the engine's default model rule plus the statistics scorer) on the
// fleet simulator's labelled faults: the fleet model (engine/simulator/fleet) runs in memory for
// `hours` of 1-second ticks; each device becomes one labelled CSV (a row per tick, label 1 while
// one of its faults — spike, drift, stuck, noise — shapes its readings), evaluated as a user
// would with the first 30 % of rows (less labelled ones) for training. Prints per-device and
// pooled precision, recall and false-alarm rate, for the model alone and with the statistics.
import { parseArgs } from 'node:util';
import { evaluateCsv, type QualityMetrics } from '../../src/main/engine/eval/csv/eval-csv';
import { FleetModel } from '../../src/main/engine/simulator/fleet/fleet-model';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '8' },
    signals: { type: 'string', default: '8' },
    hours: { type: 'string', default: '3' },
    rate: { type: 'string', default: '0.02' },
    seed: { type: 'string', default: '11' },
    'interval-ms': { type: 'string', default: '1000' },
  },
});
const log = (m: string) => process.stderr.write(`[bench fleet-eval] ${m}\n`);

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
    lines.get(tick.device)!.push(`${tick.time},${keys.map((k) => values.get(k) ?? '').join(',')},${label}`);
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
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { precision: r(tp / (tp + fp || 1)), recall: r(tp / (tp + fn || 1)), falseAlarmRate: r(fp / (fp + tn || 1)) };
}

async function main() {
  const files = csvs();
  const out: Record<string, { model: QualityMetrics[]; both: QualityMetrics[] }> = { all: { model: [], both: [] } };
  const perDevice: Record<string, unknown>[] = [];
  for (const [id, text] of files) {
    const model = await evaluateCsv(text, { separator: ',', labelColumn: 'label', ignoreColumns: [], stats: false });
    const both = await evaluateCsv(text, { separator: ',', labelColumn: 'label', ignoreColumns: [], stats: true });
    out.all!.model.push(model.metrics!);
    out.all!.both.push(both.metrics!);
    perDevice.push({
      device: id,
      lags: model.lags,
      positives: model.metrics!.truePositives + model.metrics!.falseNegatives,
      model: pool([model.metrics!]),
      withStats: pool([both.metrics!]),
    });
    log(`${id}: model ${JSON.stringify(pool([model.metrics!]))}`);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'fleet-eval',
        devices: Number(args.devices),
        signals: Number(args.signals),
        hours: Number(args.hours),
        intervalMs: Number(args['interval-ms']),
        faultRatePerDeviceMinute: Number(args.rate),
        model: pool(out.all!.model),
        withStats: pool(out.all!.both),
        target: { falseAlarmRateAtMost: 0.02, met: pool(out.all!.model).falseAlarmRate <= 0.02 },
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
