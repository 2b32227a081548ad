// `watchfloor eval retrieval`: the knowledge index's BM25 retrieval measured on a question set
// over the runbooks (src/main/engine/eval/retrieval/run-retrieval.ts says how). Defaults are the
// source tree's resources/knowledge and test/fixtures/assistant/retrieval-set.json, relative to
// the working directory.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateRetrieval, loadQuestionSet, retrievalReport } from '../../engine/eval/retrieval/run-retrieval';
import { stringOption, UsageError, type CommandContext, type ParsedCommandLine } from './command-line';

export const evalRetrievalOptions = {
  k: { type: 'string' },
  knowledge: { type: 'string' },
  set: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function runEvalRetrieval(line: ParsedCommandLine, ctx: CommandContext): Promise<number> {
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
}
