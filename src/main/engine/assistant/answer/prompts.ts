// What the model is told, for a question and for an alarm report. Kept in one place so the two
// say the same things the same way, and so the prompt hash in a stored report can be traced to
// exactly these words.
//
// Decisions:
// - Rules in the system message; passages, the alarm's facts and the question in the last user
//   message (small models follow what is nearest the end); an earlier conversation goes between.
// - A passage is shown as `[n] title › heading › path (page p)` and its text, so the model cites
//   the number and an operator can tell from the number alone where it came from.
// - "Not covered" is one fixed phrase (the contract's NOT_COVERED) the engine recognises, so an
//   answer without support in the runbooks is said, not invented.
// - The report's JSON shape is described in words as well as given as `format`: a model that
//   ignores the schema still knows what is asked of it.
// - promptHash is sha256 of the JSON of the messages sent: the same passages and question give the
//   same hash, whatever the model answers.
import { createHash } from 'node:crypto';
import { NOT_COVERED, type Passage } from '../../../../shared/contract/assistant';
import type { ChatMessage } from '../ollama/chat-stream';

/**
 * Ollama's `num_ctx` for questions and reports. Six passages of up to 1,800 characters, the
 * alarm's passages, the rules and a short conversation come to about 3,500 tokens, plus the answer; an
 * Ollama left at its default context (2,048 before 0.6, 4,096 after) would silently cut the
 * prompt from the front — the rules first. 8,192 costs about 0.9 GB of KV cache on a 3B model;
 * both kinds of call use the same value so Ollama does not reload the model between them.
 */
export const MODEL_CONTEXT_TOKENS = 8192;

const QUESTION_RULES = `You are the assistant in the control room of an industrial plant. You answer the operator's questions from the numbered passages you are given: the plant's own runbooks and the records of its alarms.

Rules:
1. Use only what the passages say. Never add a value, a tag, a limit, a cause or a step that is not in them.
2. Cite every statement with the number of the passage it comes from, in square brackets, like [2] or [1, 3]. Cite only numbers of passages you were given.
3. If the passages do not answer the question, answer exactly "${NOT_COVERED}." and then say in one sentence what the passages do cover. Do not guess.
4. If a passage gives safety notes for the situation, put them first.
5. Give checks and actions as a short numbered list, in the order the runbook gives them. Keep it short: the operator is at the console.`;

const REPORT_RULES = `You are the assistant in the control room of an industrial plant. An alarm has just been raised. From the alarm's facts and the numbered passages (the plant's runbooks and earlier alarms), write a short report for the operator.

Rules:
1. Use only what the facts and passages say. Never invent a value, a tag, a cause or a step.
2. Answer with one JSON object and nothing else, with these fields:
   - "severity": "low", "medium", "high" or "critical" (how serious this alarm is now);
   - "category": "process", "equipment", "instrument", "communication", "quality" or "unknown";
   - "summary": one sentence saying what is happening;
   - "causes": the probable causes, most likely first, each {"text": ..., "citations": [passage numbers]};
   - "actions": what the operator should check and do, in order, each {"text": ..., "citations": [passage numbers]};
   - "safety": the safety notes the passages give for this situation (isolation, protective equipment, who must be told), each {"text": ..., "citations": [passage numbers]}; empty when there are none;
   - "confidence": "low", "medium" or "high" (how well the passages match this alarm).
3. Every cause, action and safety note cites at least one passage number it comes from. Cite only numbers of passages you were given.
4. If no passage is about this alarm, say so in the summary, leave causes and actions empty and set confidence to "low".`;

/** One passage as the model reads it. */
export function passageBlock(p: Passage): string {
  const where = [p.title, ...p.headingPath.filter((h) => h !== p.title)].filter((s) => s.length > 0).join(' › ');
  const page = p.page !== null ? ` (page ${p.page})` : '';
  return `[${p.n}] ${where}${page}\n${p.text.trim()}`;
}

function passagesSection(passages: readonly Passage[]): string {
  return passages.length > 0 ? `Passages:\n\n${passages.map(passageBlock).join('\n\n')}` : 'Passages: none were found.';
}

export interface QuestionPrompt {
  question: string;
  passages: readonly Passage[];
  /** The conversation so far, oldest first. */
  history?: readonly { role: 'user' | 'assistant'; content: string }[];
  /** alarmFacts() of the alarm the question is about. */
  alarmFacts?: string;
  /** What the operator is looking at (the device view), in a line. */
  deviceContext?: string;
}

export function questionMessages(p: QuestionPrompt): ChatMessage[] {
  const parts = [passagesSection(p.passages)];
  if (p.alarmFacts) parts.push(`The alarm the question is about:\n${p.alarmFacts}`);
  if (p.deviceContext) parts.push(`The device the operator is looking at: ${p.deviceContext}`);
  parts.push(`Question: ${p.question.trim()}`);
  return [
    { role: 'system', content: QUESTION_RULES },
    ...(p.history ?? []).map((t) => ({ role: t.role, content: t.content })),
    { role: 'user', content: parts.join('\n\n') },
  ];
}

export function reportMessages(alarmFacts: string, passages: readonly Passage[]): ChatMessage[] {
  return [
    { role: 'system', content: REPORT_RULES },
    {
      role: 'user',
      content: `The alarm:\n${alarmFacts}\n\n${passagesSection(passages)}\n\nWrite the report as one JSON object.`,
    },
  ];
}

export function promptHash(messages: readonly ChatMessage[]): string {
  return createHash('sha256').update(JSON.stringify(messages)).digest('hex');
}
