// `watchfloor eval tep --data DIR [--json] [--sustain K/N] [--lags N] [--confidence P] [--model pca]`: the
// Tennessee Eastman benchmark (run-tep.ts says how). Defaults are the engine's own: the trainer's
// rule for lags and limit, and the k-of-n sustained-alarm setting of a default configuration.
// --sustain, --lags, --confidence and --model exist to reproduce the attempts in docs/benchmarks.md.
import { resolve } from 'node:path';
import { DEFAULT_MODELS_CONFIG } from '../../engine/detect/models/model-service';
import { evaluateTep, STEP_FAULTS, type TepResult } from '../../engine/eval/tep/run-tep';
import { loadTep, TepDataError, TEP_UNDETECTABLE, type TepData } from '../../engine/eval/tep/tep-data';
import { durationText } from '../../../shared/training-span';
import { stringOption, UsageError, type CommandContext, type ParsedCommandLine } from './command-line';

export const evalTepOptions = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  sustain: { type: 'string' },
  lags: { type: 'string' },
  confidence: { type: 'string' },
  model: { type: 'string' },
} as const;

function sustainOption(text: string | undefined): { k: number; n: number } {
  const models = DEFAULT_MODELS_CONFIG;
  if (text === undefined) return { k: models.persistence, n: models.persistenceWindow ?? models.persistence };
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(k >= 1 && n >= k && n <= 1000))
    throw new UsageError(`--sustain must be K/N with 1 ≤ K ≤ N (e.g. 2/3), got "${text}"`);
  return { k, n };
}

export async function runEvalTep(line: ParsedCommandLine, ctx: CommandContext): Promise<number> {
  const v = line.values;
  const dir = stringOption(v, 'data');
  if (!dir) throw new UsageError('eval tep needs --data DIR (the folder with d00.dat, d00_te.dat … d21_te.dat)');
  const { k, n } = sustainOption(stringOption(v, 'sustain'));
  const lagsText = stringOption(v, 'lags');
  const lags = lagsText === undefined ? 'auto' : Number(lagsText);
  if (lags !== 'auto' && !(Number.isInteger(lags) && lags >= 0 && lags <= 5)) {
    throw new UsageError(`--lags must be a whole number 0–5, got "${lagsText}"`);
  }
  const confText = stringOption(v, 'confidence');
  const confidence = confText === undefined ? undefined : Number(confText);
  if (confidence !== undefined && !(confidence > 0.5 && confidence < 1)) {
    throw new UsageError(`--confidence must be between 0.5 and 1 (e.g. 0.99), got "${confText}"`);
  }
  const kind = stringOption(v, 'model') ?? 'dpca';
  if (kind !== 'dpca' && kind !== 'pca') throw new UsageError(`--model must be dpca or pca, got "${kind}"`);
  let data: TepData;
  ctx.status.progress(`reading ${resolve(dir)}`);
  try {
    data = loadTep(resolve(dir));
  } catch (err) {
    if (err instanceof TepDataError) throw new UsageError(err.message);
    throw err;
  }
  const result = await evaluateTep(
    data,
    {
      kind,
      persistence: k,
      persistenceWindow: n,
      model: { lags, sustain: { k, n }, ...(confidence ? { confidence } : {}) },
    },
    (what) => ctx.status.progress(what),
  );
  ctx.status.clear();
  if (v.json === true) ctx.out(JSON.stringify(result, null, 2));
  else for (const l of tepReport(result)) ctx.out(l);
  // The trainer would not use a refused model: the figures are then only for the record.
  return result.model.refused ? 3 : 0;
}

export function tepReport(r: TepResult): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const m = r.model;
  const rows = `${m.trainRows} rows 3 min apart, ${durationText(m.trainSpanMs)}`;
  const fitted =
    m.kind === 'dpca'
      ? `dynamic PCA fitted on d00.dat (${rows}): ${m.lags} lags, T² over ${m.components} of ${m.dimensions} ` +
        `components, limit ${m.limit.toFixed(1)} = ${m.confidence} quantile of ${m.folds}-fold out-of-sample T²`
      : `static PCA (T² and Q, the earlier model) fitted on d00.dat (${rows}): ${m.components} of ` +
        `${m.dimensions} components, limits = ${m.confidence} quantile of the training vectors' own T² and Q`;
  const h = m.history;
  const lines = [
    `TEP: ${fitted}; alarm when ${r.persistence.k} of the last ${r.persistence.n} vectors are over it`,
    ...(h
      ? [
          `training history: the last ${h.heldOut} windows alarm on ${pct(h.forwardAlarmRate)} under a model of ` +
            `the rows before them (at most ${pct(h.allowed)}); ${h.coincidences} strong correlation(s) that may be ` +
            `coincidence — ${m.refused ?? 'accepted'}`,
        ]
      : m.refused
        ? [m.refused]
        : []),
    'fault   FDR     FAR(1..160)  delay  first explained by',
  ];
  for (const f of r.faults) {
    const mark = TEP_UNDETECTABLE.includes(f.fault) ? '*' : ' ';
    lines.push(
      `${String(f.fault).padStart(3)}${mark}  ${f.fdr.toFixed(3)}   ${pct(f.far).padStart(7)}     ${String(f.delay ?? '—').padStart(5)}  ${f.top.join(', ')}`,
    );
  }
  lines.push(
    `mean FDR over the 18 detectable faults (* = 3, 9, 15 left out, as in the literature): ${r.meanFdr.toFixed(3)} ` +
      `(all 21: ${r.meanFdrAll.toFixed(3)})`,
    `false alarms: ${pct(r.farNormalTest)} of d00_te.dat, ${pct(r.farFaultFiles)} of rows 1..160 of the fault files`,
    `median detection delay of the step faults ${STEP_FAULTS.join(', ')}: ${r.stepMedianDelay ?? 'never'} samples ` +
      `(delay = rows after 160 until the first alarmed row, 1 = the first faulty row)`,
    `fit ${Math.round(r.fitMs)} ms, streaming ${Math.round(r.streamMs)} ms`,
  );
  return lines;
}
