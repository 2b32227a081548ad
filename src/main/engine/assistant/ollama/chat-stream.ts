// A streamed chat turn: each piece of the answer goes to `onToken` as Ollama sends it, and the
// turn ends in one of two ways only — the full answer, or an OllamaError that keeps whatever
// had arrived (`details.partialText`), so an operator who pressed Cancel, or whose Ollama died
// mid-sentence, still sees the half answer and why it stopped.
//
// Time limits: `firstTokenTimeoutMs` from sending to the first piece (it includes loading the
// model, which is slow on a cold CPU-only machine), then `idleTimeoutMs` between pieces (a
// server that stalls mid-answer). Cancel aborts the fetch — closing the connection is what
// makes Ollama stop generating — and settles the promise at once.
import type { Message } from 'ollama';
import { OllamaCall } from './ollama-call';
import { OllamaError, toOllamaError } from './ollama-error';
import type { OllamaOptions } from './ollama-options';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface StreamChatRequest {
  messages: ChatMessage[];
  onToken?: (piece: string) => void;
  signal?: AbortSignal;
  /** Ollama `format`: 'json' or a JSON Schema. */
  format?: 'json' | Record<string, unknown>;
  /** Ollama model options (temperature, num_ctx, …). */
  modelOptions?: Record<string, unknown>;
}

export interface ChatAnswer {
  text: string;
  model: string;
  /** Ollama's `done_reason`: `stop`, or `length` when the answer hit the token limit. */
  doneReason: string;
  /** Tokens generated, as Ollama counts them. */
  evalCount?: number;
  elapsedMs: number;
  firstTokenMs: number;
}

export async function streamChat(options: OllamaOptions, request: StreamChatRequest): Promise<ChatAnswer> {
  if (!options.enabled) throw new OllamaError('disabled', 'The assistant’s Ollama connection is switched off');
  const model = options.chatModel;
  const started = performance.now();
  const call = new OllamaCall(options, request.signal);
  let text = '';
  let firstTokenMs = -1;
  let clearTimer = call.arm(
    options.firstTokenTimeoutMs,
    () =>
      new OllamaError(
        'timeout',
        `Ollama at ${options.baseUrl} sent no answer within ${options.firstTokenTimeoutMs} ms (model ${model} loading, or the machine is too slow)`,
      ),
  );
  const run = async (): Promise<ChatAnswer> => {
    const stream = await call.client.chat({
      model,
      messages: request.messages as Message[],
      stream: true,
      ...(request.format !== undefined && { format: request.format }),
      ...(request.modelOptions !== undefined && { options: request.modelOptions }),
    });
    for await (const part of stream) {
      if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
      clearTimer();
      clearTimer = call.arm(
        options.idleTimeoutMs,
        () =>
          new OllamaError('timeout', `Ollama at ${options.baseUrl} stopped sending for ${options.idleTimeoutMs} ms`),
      );
      const piece = part.message?.content ?? '';
      if (piece.length > 0) {
        text += piece;
        request.onToken?.(piece);
      }
      if (part.done) {
        return {
          text,
          model: part.model ?? model,
          doneReason: part.done_reason ?? 'stop',
          evalCount: part.eval_count,
          elapsedMs: Math.round(performance.now() - started),
          firstTokenMs: Math.round(firstTokenMs),
        };
      }
    }
    throw new OllamaError('stream-broken', `The answer from Ollama at ${options.baseUrl} ended without its final line`);
  };
  try {
    return await call.settled(run());
  } catch (err) {
    const e = toOllamaError(err, {
      baseUrl: options.baseUrl,
      model,
      abortedWith: call.abortedWith,
      midStream: firstTokenMs >= 0,
    });
    throw e.withPartialText(text);
  } finally {
    call.dispose();
  }
}
