// One alarm's report: retrieval over the alarm, then a structured answer from the model — or the
// deterministic fallback from the runbook when the model cannot give one. Never throws; a
// cancelled report rejects with the abort reason (the queue is stopping or a newer one replaced it).
//
// Decisions:
// - Retrieval: the alarm's own runbook section by its heading, then alarmQuery (device, signal and
//   unit, kind words, value, limit, detection's message) ranked, REPORT_K in all (alarm-section.ts), then this alarm's comments and up to PAST_ALARMS earlier alarms of its key,
//   then up to PAST_LABELS expert labels of its device (its series' and whole-device ones first).
// - Health is awaited up to Ollama's own health timeout (a report is background work; a question
//   waits only 800 ms). Model unusable → fallback with the reason, without asking the model.
// - No document passage at all (a device without a runbook) → the fallback too: a model given no
//   runbook has nothing to cite, and would invent.
// - The model's citations are checked against the passages sent: numbers naming no passage are
//   removed from each cause and action (and from `[n]` written inside their text); an item keeps
//   its text even if none of its citations survive (the operator sees it uncited).
// - Fallback notes say what to do: "Ollama unreachable at <time>: …", "model X missing: run
//   `ollama pull X`", "the model's answer broke the schema twice: …", "switched off".
// - promptHash is the hash of the report prompt whether or not it was sent; chunkIds are the
//   document passages' chunks; durationMs from the call to the result.
import type { AlarmReport, Passage } from '../../../../shared/contract/assistant';
import type { Alarm } from '../../../../shared/domain';
import type { AssistantBackend } from '../assistant-backend';
import { alarmFacts } from '../answer/alarm-query';
import { alarmHits } from '../answer/alarm-section';
import { checkCitations } from '../answer/citations';
import { alarmPassages, documentPassages, labelPassages } from '../answer/passages';
import { MODEL_CONTEXT_TOKENS, promptHash, reportMessages } from '../answer/prompts';
import { modelAvailability, recentWithin } from '../answer/retrieval';
import { fallbackReport } from './fallback-report';
import { ReportAnswer } from './report-schema';

export const REPORT_K = 6;
export const PAST_ALARMS = 3;
export const PAST_LABELS = 4;
/** Health for a background report may take Ollama's whole health timeout (1 s by default). */
const REPORT_HEALTH_WAIT_MS = 2_000;

export async function makeReport(alarm: Alarm, backend: AssistantBackend, signal: AbortSignal): Promise<AlarmReport> {
  const started = performance.now();
  const finish = (r: AlarmReport, hash: string): AlarmReport => ({
    ...r,
    promptHash: hash,
    chunkIds: r.passages.filter((p) => p.kind === 'document').map((p) => p.ref),
    durationMs: Math.round(performance.now() - started),
    createdAt: backend.clock(),
  });
  const aborted = () => {
    throw signal.reason ?? new Error('cancelled');
  };
  if (signal.aborted) aborted();

  let passages: Passage[] = [];
  let hash = '';
  try {
    const device = backend.device(alarm.deviceId);
    const availability = modelAvailability(backend, REPORT_HEALTH_WAIT_MS);
    const [found, recent] = await Promise.all([
      alarmHits(backend, alarm, device, REPORT_K),
      recentWithin(backend, alarm.deviceId, alarm.signal, alarm.lastAt),
    ]);
    passages = documentPassages(found.hits, 1);
    const documents = passages.length;
    const past = backend.alarms.pastOf(alarm.key, alarm.id, PAST_ALARMS);
    passages.push(...alarmPassages(alarm, backend.alarms.journal(alarm.id), past, passages.length + 1));
    const labels = backend.labels.recent(alarm.deviceId, PAST_LABELS, alarm.signal);
    passages.push(...labelPassages(labels, passages.length + 1));
    const messages = reportMessages(alarmFacts(alarm, device, recent), passages);
    hash = promptHash(messages);
    const model = await availability;
    if (signal.aborted) aborted();
    const fallback = (note: string) =>
      finish(fallbackReport(alarm, passages, backend.store, note, backend.clock), hash);

    if (!model.usable) return fallback(model.note ?? 'the model cannot be used');
    if (documents === 0) return fallback('no runbook passage matches this alarm, so the model was not asked');
    const connection = backend.ollama();
    if (!connection) return fallback('The assistant’s Ollama connection is switched off');

    const outcome = await connection.chatStructured(messages, ReportAnswer, {
      signal,
      modelOptions: { num_ctx: MODEL_CONTEXT_TOKENS },
    });
    if (signal.aborted) aborted();
    if (!outcome.ok) {
      if (outcome.reason === 'unreachable') backend.markUnreachable(outcome.message);
      return fallback(failureNote(outcome, connection.options.chatModel, backend.clock()));
    }
    const v = outcome.value;
    const check = (items: ReportAnswer['causes']) =>
      items.map((item) => {
        const inText = checkCitations(item.text, passages.length);
        const valid = item.citations.filter((n) => n >= 1 && n <= passages.length);
        return { text: inText.answer, citations: [...new Set([...valid, ...inText.cited])].sort((a, b) => a - b) };
      });
    return finish(
      {
        alarmId: alarm.id,
        source: 'model',
        note: null,
        severity: v.severity,
        category: v.category,
        summary: checkCitations(v.summary, passages.length).answer,
        causes: check(v.causes),
        actions: check(v.actions),
        safety: check(v.safety),
        confidence: v.confidence,
        passages,
        model: outcome.model,
        promptHash: hash,
        chunkIds: [],
        durationMs: 0,
        createdAt: 0,
        feedback: null,
      },
      hash,
    );
  } catch (err) {
    if (signal.aborted) aborted();
    const message = err instanceof Error ? err.message : String(err);
    backend.log(`assistant: report for alarm ${alarm.id} failed: ${message}`);
    const note = `the report could not be made: ${message}`;
    try {
      return finish(fallbackReport(alarm, passages, backend.store, note, backend.clock), hash);
    } catch {
      // The knowledge store itself failed: without passages the fallback reads nothing.
      return finish(fallbackReport(alarm, [], backend.store, note, backend.clock), hash);
    }
  }
}

function failureNote(
  { reason, message, pullCommand: pull }: { reason: string; message: string; pullCommand?: string },
  model: string,
  at: number,
): string {
  switch (reason) {
    case 'invalid-answer':
      return `the model's answer broke the schema twice (${message.replace(/^The model's answer did not follow the schema twice: /, '')})`;
    case 'model-missing':
      return `model ${model} missing: run \`${pull ?? `ollama pull ${model}`}\``;
    case 'unreachable':
      return `Ollama unreachable at ${new Date(at).toISOString()}: ${message}`;
    case 'disabled':
      return 'The assistant’s Ollama connection is switched off';
    default:
      return `Ollama failed (${reason}): ${message}`;
  }
}
