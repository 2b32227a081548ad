// A question answered as a stream of AskEvents: `context` (the passages, and whether the model
// or retrieval alone answers) within a second whatever Ollama does, then the model's tokens, then
// exactly one `done` or `failed` — or nothing more once the caller aborts.
//
// Decisions:
// - Retrieval and Ollama's health run side by side; health is awaited at most 800 ms
//   (retrieval.ts), so `context` is out within a second even with Ollama hanging.
// - Queries: the question; with an alarm, also its runbook section by heading and alarmQuery (the
//   alarm's device, signal, kind and detection message; alarm-section.ts); with a device, also the question with the device's id, name and kind.
//   Their hits are interleaved by rank (the alarm's first: an operator asking about an alarm is
//   looking at it), at most MAX_DOCUMENT_PASSAGES, then the alarm's own comments and past
//   alarms of its key (at most PAST_ALARMS), then the experts' labels of the device (at most
//   PAST_LABELS, the most recently ended first; with an alarm, its series' and whole-device ones
//   first). A device question with labels is answered by the model even below the relevance
//   floor: the labels are the plant's own record of that device, whatever the runbooks say.
// - Below the relevance floor (retrieval.ts) the model is not asked: `done` with notCovered and
//   "Not in the runbooks: …" naming the words searched.
// - Without a usable model: `done` at once with the top passages as "[n] title › heading: first
//   sentence…" lines, every one cited, model null; `context.note` says why. When no passage holds
//   most of the question's words (knowledge/relevance.ts: 13 of the set's 16 unanswerable
//   questions, but also 14 of its 64 answerable ones), the answer says the runbooks may not cover
//   it before listing the closest passages — a warning, not a refusal, since no model judges them.
// - With the model: tokens as they arrive, then `done` with checkCitations applied (an invented
//   [n] is removed and reported) and notCovered when the model used the NOT_COVERED phrase.
//   A failure is `failed` with the OllamaError's code; an unreachable server is marked so in the
//   health cache, so the next question does not wait for it. A stream that broke mid-answer is
//   not marked: the server may well be up, and the next health check says.
import { NOT_COVERED, type AskEvent, type AskParams, type Passage } from '../../../../shared/contract/assistant';
import type { Alarm, Device } from '../../../../shared/domain';
import { EngineError, toErrorPayload } from '../../../../shared/errors';
import type { AssistantBackend } from '../assistant-backend';
import { ftsTerms } from '../knowledge/fts-query';
import { coveredHits } from '../knowledge/relevance';
import type { SearchHit } from '../knowledge/knowledge-search';
import { OllamaError } from '../ollama/ollama-error';
import { alarmFacts } from './alarm-query';
import { alarmHits } from './alarm-section';
import { checkCitations, isNotCovered } from './citations';
import { alarmPassages, documentPassages, labelPassages } from './passages';
import { MODEL_CONTEXT_TOKENS, questionMessages } from './prompts';
import { bestKeywordScore, mergeHits, modelAvailability, recentWithin, RELEVANCE_FLOOR } from './retrieval';

export const QUESTION_K = 5;
export const ALARM_K = 4;
export const MAX_DOCUMENT_PASSAGES = 6;
export const PAST_ALARMS = 3;
export const PAST_LABELS = 4;
/** Retrieval alone, when no passage holds most of the question's words: said, with the closest passages. */
export const MAYBE_NOT_COVERED =
  'The runbooks may not cover this: no passage holds most of the question’s words. The closest passages:';
/** Answers keep close to the passages; the context is the one reports use too (prompts.ts). */
export const CHAT_MODEL_OPTIONS = { temperature: 0.2, num_ctx: MODEL_CONTEXT_TOKENS };

interface Gathered {
  passages: Passage[];
  relevant: boolean;
  /** The question's own words are mostly held by a passage (knowledge/relevance.ts). */
  covered: boolean;
  alarm?: Alarm;
  device?: Device;
  facts?: string;
}

export async function askQuestion(
  params: AskParams,
  backend: AssistantBackend,
  emit: (e: AskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let ended = false;
  const send = (e: AskEvent): void => {
    if (ended || signal.aborted) return;
    if (e.type === 'done' || e.type === 'failed') ended = true;
    try {
      emit(e);
    } catch (err) {
      backend.log(`assistant: an answer's listener failed: ${(err as Error).message}`);
    }
  };
  try {
    if (signal.aborted) return;
    const availability = modelAvailability(backend);
    const gathered = await gather(params, backend);
    const model = await availability;
    if (signal.aborted) return;

    if (!gathered.relevant) {
      send({ type: 'context', answers: model.usable ? 'model' : 'retrieval', passages: [], note: model.note });
      send({
        type: 'done',
        answer: notCoveredAnswer(params.question, backend),
        cited: [],
        removed: [],
        notCovered: true,
        model: null,
        durationMs: elapsed(),
      });
      return;
    }
    const { passages } = gathered;
    if (!model.usable) {
      send({ type: 'context', answers: 'retrieval', passages, note: model.note });
      send({
        type: 'done',
        answer: (gathered.covered ? '' : `${MAYBE_NOT_COVERED}\n`) + retrievalAnswer(passages),
        cited: passages.map((p) => p.n),
        removed: [],
        notCovered: false,
        model: null,
        durationMs: elapsed(),
      });
      return;
    }
    send({ type: 'context', answers: 'model', passages, note: null });
    const connection = backend.ollama();
    if (!connection) throw new OllamaError('disabled', 'The assistant’s Ollama connection is switched off');
    const messages = questionMessages({
      question: params.question,
      passages,
      history: params.history,
      ...(gathered.facts !== undefined && { alarmFacts: gathered.facts }),
      ...(gathered.device && !gathered.alarm && { deviceContext: deviceLine(gathered.device) }),
    });
    const answer = await connection.chat({
      messages,
      signal,
      modelOptions: CHAT_MODEL_OPTIONS,
      onToken: (text) => send({ type: 'token', text }),
    });
    const checked = checkCitations(answer.text, passages.length);
    send({
      type: 'done',
      answer: checked.answer,
      cited: checked.cited,
      removed: checked.removed,
      notCovered: isNotCovered(answer.text),
      model: answer.model,
      durationMs: elapsed(),
    });
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof OllamaError && err.reason === 'unreachable') backend.markUnreachable(err.message);
    const { code, message } = toErrorPayload(err);
    if (!(err instanceof OllamaError)) backend.log(`assistant: question failed: ${message}`);
    send({ type: 'failed', code, message });
  }
}

async function gather(params: AskParams, backend: AssistantBackend): Promise<Gathered> {
  const alarm = params.alarmId !== undefined ? backend.alarms.get(params.alarmId) : undefined;
  if (params.alarmId !== undefined && !alarm) throw new EngineError('NOT_FOUND', `There is no alarm ${params.alarmId}`);
  const deviceId = params.deviceId ?? alarm?.deviceId;
  const device = deviceId !== undefined ? backend.device(deviceId) : undefined;
  const own = backend.search(params.question, { k: QUESTION_K });
  const searches: Promise<SearchHit[]>[] = [own.then((r) => r.hits)];
  // The alarm's own section leads: "Explain this alarm" matches the handbook's words better.
  if (alarm) searches.unshift(alarmHits(backend, alarm, device, ALARM_K).then((r) => r.hits));
  else if (device) {
    const withDevice = `${params.question} ${device.id} ${device.name} ${device.kind}`;
    searches.push(backend.search(withDevice, { k: QUESTION_K }).then((r) => r.hits));
  }
  const recent = alarm ? recentWithin(backend, alarm.deviceId, alarm.signal, alarm.lastAt) : Promise.resolve([]);
  const lists = await Promise.all(searches);
  const hits = mergeHits(lists, MAX_DOCUMENT_PASSAGES);
  const labels = device ? backend.labels.recent(device.id, PAST_LABELS, alarm?.signal) : [];
  const relevant = bestKeywordScore(lists.flat()) >= RELEVANCE_FLOOR || labels.length > 0;
  // An alarm's or device's own passages answer "explain this" whatever its words.
  const covered = alarm !== undefined || coveredHits(await own).length > 0;
  const passages = documentPassages(hits, 1);
  if (alarm) {
    const past = backend.alarms.pastOf(alarm.key, alarm.id, PAST_ALARMS);
    passages.push(...alarmPassages(alarm, backend.alarms.journal(alarm.id), past, passages.length + 1));
  }
  passages.push(...labelPassages(labels, passages.length + 1));
  const facts = alarm ? alarmFacts(alarm, device, await recent) : undefined;
  return {
    passages,
    relevant,
    covered,
    ...(alarm && { alarm }),
    ...(device && { device }),
    ...(facts !== undefined && { facts }),
  };
}

function deviceLine(d: Device): string {
  const signals = d.signals.map((s) => `${s.key}${s.unit ? ` (${s.unit})` : ''}`).join(', ');
  return `${d.id} ${d.name} (${d.kind}${d.location ? `, ${d.location}` : ''})${signals ? `; signals: ${signals}` : ''}`;
}

function notCoveredAnswer(question: string, backend: AssistantBackend): string {
  const words = ftsTerms(question, { prefix: 'none' }).map((t) => t.text);
  const documents = backend.store.documents().filter((d) => d.status === 'ok').length;
  const searched = words.length > 0 ? `“${words.join('”, “')}”` : 'the question';
  return `${NOT_COVERED}: none of the ${documents} documents in the knowledge base has a passage about ${searched}.`;
}

/** The top passages as "[n] title › heading: first sentence…", one a line. */
export function retrievalAnswer(passages: readonly Passage[]): string {
  return passages
    .map((p) => {
      const heading = p.headingPath.at(-1);
      const where = heading && heading !== p.title ? `${p.title} › ${heading}` : p.title;
      return `[${p.n}] ${where}: ${firstSentence(p.text)}`;
    })
    .join('\n');
}

function firstSentence(text: string): string {
  const body = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l) && !/^\s*\|?\s*-{3,}/.test(l))
    .join(' ')
    .replace(/`/g, '')
    .replace(/\*\*/g, '')
    .replace(/^\s*(?:[-*]|\d+\.)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const end = body.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? body.slice(0, end + 1) : body;
  return sentence.length > 160 ? `${sentence.slice(0, 159).trimEnd()}…` : sentence;
}
