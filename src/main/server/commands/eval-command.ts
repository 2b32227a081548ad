// `watchfloor eval <benchmark>`: measures the detectors the engine runs against labelled data.
// Each benchmark is one entry of SUBCOMMANDS with its own options (merged into the command's
// option table, so strict parsing knows them all); `eval nab` scores the NAB corpus with a port
// of NAB's scorer (--out DIR: the per-row scores in NAB's results layout); `eval retrieval` measures the knowledge index on a question set; `eval tep`
// runs the Tennessee Eastman benchmark through the engine's model scoring.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadNabCorpus } from '../../engine/eval/nab/corpus';
import { NAB_DETECTOR, writeNabResults } from '../../engine/eval/nab/nab-results';
import { evaluateNab, type NabEvaluation } from '../../engine/eval/nab/run-nab';
import { evaluateRetrieval, loadQuestionSet, retrievalReport } from '../../engine/eval/retrieval/run-retrieval';
import { evalCsvOptions, runEvalCsv } from './eval-csv';
import { evalTepOptions, runEvalTep } from './eval-tep';
import {
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
  type OptionSpecs,
  type ParsedCommandLine,
} from './command-line';

interface Subcommand {
  options: OptionSpecs;
  run(line: ParsedCommandLine, ctx: CommandContext): Promise<number>;
}

const nab: Subcommand = {
  options: {
    data: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(line, ctx) {
    const data = stringOption(line.values, 'data');
    const out = stringOption(line.values, 'out');
    if (!data) throw new UsageError('eval nab needs --data DIR (the NAB folder with data/, labels/ and config/)');
    const root = resolve(data);
    ctx.status.progress(`reading ${root}`);
    const corpus = loadNabCorpus(root);
    ctx.status.progress(`detecting and scoring ${corpus.series.length} files`);
    const started = performance.now();
    const result = evaluateNab(corpus);
    const totalMs = performance.now() - started;
    const written = out === undefined ? 0 : writeNabResults(resolve(out), corpus, result.scored);
    ctx.status.clear();
    if (out !== undefined && line.values.json !== true) {
      ctx.out(`per-row scores of ${written} files in ${resolve(out)} (NAB results layout, detector "${NAB_DETECTOR}")`);
    }
    if (line.values.json === true)
      ctx.out(JSON.stringify({ ...summary(result), totalMs: Math.round(totalMs), profiles: result.profiles }, null, 2));
    else for (const l of report(result, totalMs)) ctx.out(l);
    return 0;
  },
};

function summary(r: NabEvaluation): Record<string, number> {
  return { files: r.files, rows: r.rows, windows: r.windows, detectMs: Math.round(r.detectMs) };
}

function report(r: NabEvaluation, totalMs: number): string[] {
  const lines = [
    `NAB: ${r.files} files, ${r.rows} rows, ${r.windows} windows; detection ${Math.round(r.detectMs)} ms, in all ${Math.round(totalMs)} ms`,
  ];
  for (const p of r.profiles) {
    lines.push(
      `${p.profile.padEnd(20)} ${p.score.toFixed(1).padStart(6)}   (threshold ${p.threshold.toFixed(4)}, raw ${p.raw.toFixed(2)})`,
    );
  }
  return lines;
}

/** Benchmarks by name; add one (e.g. `csv`) as another entry. */
const csv: Subcommand = { options: evalCsvOptions, run: runEvalCsv };

/**
 * The knowledge index's BM25 retrieval on a question set over the runbooks (run-retrieval.ts says
 * how). Defaults are the source tree's resources/knowledge and
 * test/fixtures/assistant/retrieval-set.json, relative to the working directory.
 */
const retrieval: Subcommand = {
  options: {
    k: { type: 'string' },
    knowledge: { type: 'string' },
    set: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(line, ctx) {
    const v = line.values;
    const kText = stringOption(v, 'k') ?? '5';
    const k = Number(kText);
    if (!(Number.isInteger(k) && k >= 1 && k <= 50))
      throw new UsageError(`--k must be a whole number 1–50, got "${kText}"`);
    const knowledge = resolve(stringOption(v, 'knowledge') ?? 'resources/knowledge');
    const set = resolve(stringOption(v, 'set') ?? 'test/fixtures/assistant/retrieval-set.json');
    if (!existsSync(knowledge)) throw new UsageError(`no knowledge folder at ${knowledge} (--knowledge DIR)`);
    if (!existsSync(set)) throw new UsageError(`no question set at ${set} (--set FILE)`);
    ctx.status.progress(`indexing ${knowledge}`);
    const questions = loadQuestionSet(set, knowledge);
    ctx.status.progress(`asking ${questions.length} questions`);
    const result = await evaluateRetrieval({ knowledgeDir: knowledge, questions, k });
    ctx.status.clear();
    if (v.json === true) ctx.out(JSON.stringify(result, null, 2));
    else for (const l of retrievalReport(result)) ctx.out(l);
    return 0;
  },
};

/** The Tennessee Eastman process benchmark for the multivariate model (eval-tep.ts). */
const tep: Subcommand = { options: evalTepOptions, run: runEvalTep };

const SUBCOMMANDS: Record<string, Subcommand> = { nab, csv, retrieval, tep };

const OPTIONS: OptionSpecs = {};
for (const s of Object.values(SUBCOMMANDS)) Object.assign(OPTIONS, s.options);

export const evalCommand: Command = {
  options: OPTIONS,
  run(line, ctx) {
    const [name, ...rest] = line.args;
    const sub = name ? SUBCOMMANDS[name] : undefined;
    if (!sub) {
      const known = Object.keys(SUBCOMMANDS).join(', ');
      throw new UsageError(name ? `unknown benchmark "${name}" (known: ${known})` : `eval needs a benchmark: ${known}`);
    }
    const allowed = new Set(Object.keys(sub.options));
    for (const [k, v] of Object.entries(line.values)) {
      if (v !== undefined && !allowed.has(k)) throw new UsageError(`--${k} is not an option of eval ${name}`);
    }
    return sub.run({ values: line.values, args: rest }, ctx);
  },
};
