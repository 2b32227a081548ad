// `watchfloor eval csv`: a labelled multivariate CSV through the engine's detectors (the dynamic
// PCA model trained on the first rows, exported to ONNX and scored by onnxruntime, plus the
// per-column statistics), writing timestamp,anomaly_score,is_anomaly per row and printing
// precision, recall, F1, false-alarm and missed-alarm rates (JSON with --json). When the trainer's
// checks refuse the model (its training rows do not cover normal running), it says why, scores
// with the statistics alone, and exits 3 — as when the training rows span less than --min-span
// (default models.minTrainingSpan's 24 h) on the CSV's times; a CSV without times says so and the
// span is not checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CsvEvalError, evaluateCsv, scoresCsv, type CsvEvalResult } from '../../engine/eval/csv/eval-csv';
import { DEFAULT_MIN_TRAINING_SPAN_MS, durationText, parseDuration } from '../../../shared/training-span';
import { listOption, stringOption, UsageError, type CommandContext, type ParsedCommandLine } from './command-line';

export const evalCsvOptions = {
  file: { type: 'string' },
  'time-column': { type: 'string' },
  separator: { type: 'string' },
  'label-column': { type: 'string' },
  'ignore-columns': { type: 'string', multiple: true },
  'train-rows': { type: 'string' },
  'min-span': { type: 'string' },
  out: { type: 'string' },
  'no-stats': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function runEvalCsv(line: ParsedCommandLine, ctx: CommandContext): Promise<number> {
  const v = line.values;
  const file = stringOption(v, 'file');
  if (!file) throw new UsageError('eval csv needs --file F (a CSV with a header row)');
  const out = stringOption(v, 'out');
  if (!out) throw new UsageError('eval csv needs --out scores.csv');
  const trainText = stringOption(v, 'train-rows');
  const trainRows = trainText === undefined ? undefined : Number(trainText);
  if (trainRows !== undefined && !(Number.isInteger(trainRows) && trainRows > 0)) {
    throw new UsageError(`--train-rows must be a positive whole number, got "${trainText}"`);
  }
  const spanText = stringOption(v, 'min-span');
  const minSpanMs = spanText === undefined ? DEFAULT_MIN_TRAINING_SPAN_MS : parseDuration(spanText);
  if (minSpanMs === null) {
    throw new UsageError(`--min-span must be a duration such as 24h, 36h or 7d (0: no minimum), got "${spanText}"`);
  }
  const separator = stringOption(v, 'separator') ?? ',';
  const sep = separator === '\\t' || separator === 'tab' ? '\t' : separator;
  if (sep.length !== 1) throw new UsageError(`--separator must be one character, got "${separator}"`);
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  ctx.status.progress(`training and scoring ${file}`);
  let result: CsvEvalResult;
  try {
    result = await evaluateCsv(text, {
      separator: sep,
      timeColumn: stringOption(v, 'time-column'),
      labelColumn: stringOption(v, 'label-column'),
      ignoreColumns: listOption(v, 'ignore-columns'),
      trainRows,
      minSpanMs,
      stats: v['no-stats'] !== true,
    });
  } catch (err) {
    if (err instanceof CsvEvalError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  writeFileSync(resolve(out), scoresCsv(result));
  ctx.status.clear();
  const summary = {
    file,
    out,
    rows: result.rows,
    trainRows: result.trainRows,
    signals: result.signals,
    components: result.components,
    lags: result.lags,
    trainingSpanMs: result.span.ms,
    minTrainingSpanMs: result.span.minMs,
    refused: result.refused,
    anomalies: result.flags.reduce((a, b) => a + b, 0),
    scoreMs: Math.round(result.scoreMs),
    ...(result.metrics ?? {}),
  };
  // A refused model is reported and the run exits 3: the figures are the statistics alone.
  const code = result.refused ? 3 : 0;
  if (v.json === true) {
    ctx.out(JSON.stringify(summary, null, 2));
    return code;
  }
  ctx.out(
    result.refused
      ? `${result.rows} rows, ${result.signals.length} signals; the model trained on the first ${result.trainRows} ` +
          `rows was refused, so the rows were scored by the statistics alone (as a device without a model ` +
          `runs); scores written to ${out}\n${result.refused}`
      : `${result.rows} rows, ${result.signals.length} signals; model trained on the first ${result.trainRows} rows ` +
          `(dynamic PCA, ${result.lags} lags, ${result.components} components); scores written to ${out}`,
  );
  if (result.span.ms === null && result.span.minMs > 0) {
    ctx.out(
      `the CSV has no times (column "${result.span.timeColumn}" is not epoch seconds, ms or dates; --time-column ` +
        `names another): the minimum training span (--min-span ${durationText(result.span.minMs)}) was not checked`,
    );
  }
  const m = result.metrics;
  if (!m) {
    ctx.out('no --label-column: no quality figures');
    return code;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  ctx.out(`evaluated on the ${m.evaluatedRows} rows after training:`);
  ctx.out(
    `  precision        ${pct(m.precision)}   (${m.truePositives} of ${m.truePositives + m.falsePositives} flagged)`,
  );
  ctx.out(
    `  recall           ${pct(m.recall)}   (${m.truePositives} of ${m.truePositives + m.falseNegatives} anomalous)`,
  );
  ctx.out(`  F1               ${m.f1.toFixed(3)}`);
  ctx.out(`  false-alarm rate ${pct(m.falseAlarmRate)}`);
  ctx.out(`  missed-alarm rate ${pct(m.missedAlarmRate)}`);
  return code;
}
