// A chat turn whose answer must be data: Ollama is given the JSON Schema of a zod schema as
// `format` (it constrains generation to it), and the answer is parsed and validated with the
// same zod schema — a small model still finishes mid-object (`done_reason: length`), answers
// prose, or ignores an enum. Such an answer gets exactly one retry, with the problem told to the
// model; a second bad answer, or Ollama failing at all, is a typed failure the caller turns
// into its fallback (the deterministic report). This never throws for anything Ollama or the
// model does.
import { z } from 'zod';
import { streamChat, type ChatMessage } from './chat-stream';
import { OllamaError, type OllamaFailure } from './ollama-error';
import type { OllamaOptions } from './ollama-options';

export interface StructuredSuccess<T> {
  ok: true;
  value: T;
  /** 1, or 2 when the first answer was refused. */
  attempts: number;
  /** The JSON text as the model wrote it. */
  raw: string;
  model: string;
  elapsedMs: number;
}

export interface StructuredFailure {
  ok: false;
  /** `invalid-answer`: the model answered twice, neither valid; otherwise Ollama's failure. */
  reason: 'invalid-answer' | OllamaFailure;
  message: string;
  attempts: number;
  /** invalid-answer: what was wrong with the last answer. */
  problems?: string[];
  lastAnswer?: string;
  /** model-missing: the command that fixes it. */
  pullCommand?: string;
  elapsedMs: number;
}

export type StructuredOutcome<T> = StructuredSuccess<T> | StructuredFailure;

export interface StructuredRequest {
  signal?: AbortSignal;
  modelOptions?: Record<string, unknown>;
}

/** The JSON Schema Ollama's `format` takes for `schema`: what the model must write (input side). */
export function formatSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export async function chatStructured<T>(
  options: OllamaOptions,
  messages: ChatMessage[],
  schema: z.ZodType<T>,
  request: StructuredRequest = {},
): Promise<StructuredOutcome<T>> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const format = formatSchemaOf(schema);
  const conversation = [...messages];
  let problems: string[] = [];
  let lastAnswer = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    let text: string;
    let model: string;
    try {
      const answer = await streamChat(options, {
        messages: conversation,
        format,
        signal: request.signal,
        modelOptions: { temperature: 0, ...request.modelOptions },
      });
      text = answer.text;
      model = answer.model;
    } catch (err) {
      const e = err instanceof OllamaError ? err : new OllamaError('bad-response', String(err));
      return {
        ok: false,
        reason: e.reason,
        message: e.message,
        attempts: attempt,
        ...(e.details.pullCommand !== undefined && { pullCommand: e.details.pullCommand }),
        elapsedMs: elapsed(),
      };
    }
    lastAnswer = text;
    const checked = validate(text, schema);
    if (checked.ok)
      return { ok: true, value: checked.value, attempts: attempt, raw: text, model, elapsedMs: elapsed() };
    problems = checked.problems;
    conversation.push(
      { role: 'assistant', content: text },
      {
        role: 'user',
        content:
          `Your answer could not be used: ${problems.join('; ')}. ` +
          'Answer again with only one JSON object that follows the given JSON schema exactly, with no other text.',
      },
    );
  }
  return {
    ok: false,
    reason: 'invalid-answer',
    message: `The model's answer did not follow the schema twice: ${problems.join('; ')}`,
    attempts: 2,
    problems,
    lastAnswer,
    elapsedMs: elapsed(),
  };
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function validate<T>(text: string, schema: z.ZodType<T>): Checked<T> {
  // Some models fence JSON in ``` even when told not to; the fence is not the answer.
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    return { ok: false, problems: [`it is not JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'the answer'}: ${i.message}`),
  };
}
