// The engine's one handle on Ollama: the settings it was built from and the things the
// assistant does with it. Replaced, not mutated, when the settings change (a later session
// wires it into the services record and the contract). Each operation is its own module:
// ollama-health, model-info, chat-stream, structured-chat, embed-texts; all go through
// confined-fetch.
import type { z } from 'zod';
import { streamChat, type ChatAnswer, type ChatMessage, type StreamChatRequest } from './chat-stream';
import { embedTexts, type EmbedResult } from './embed-texts';
import { describeModel, type ModelInfo } from './model-info';
import { checkOllamaHealth, type OllamaHealth } from './ollama-health';
import { resolveOllamaOptions, type OllamaOptions } from './ollama-options';
import { chatStructured, type StructuredOutcome, type StructuredRequest } from './structured-chat';

export class OllamaConnection {
  readonly options: OllamaOptions;

  constructor(options: Partial<OllamaOptions> = {}) {
    this.options = resolveOllamaOptions(options);
  }

  health(signal?: AbortSignal): Promise<OllamaHealth> {
    return checkOllamaHealth(this.options, signal);
  }

  chat(request: StreamChatRequest): Promise<ChatAnswer> {
    return streamChat(this.options, request);
  }

  chatStructured<T>(
    messages: ChatMessage[],
    schema: z.ZodType<T>,
    request?: StructuredRequest,
  ): Promise<StructuredOutcome<T>> {
    return chatStructured(this.options, messages, schema, request);
  }

  /**
   * A model's context length (the embedding model by default). Nothing in the engine asks it yet:
   * chunks have a fixed size and an input over the context is split on Ollama's refusal
   * (embed-texts.ts).
   */
  describeModel(model = this.options.embeddingModel, signal?: AbortSignal): Promise<ModelInfo> {
    return describeModel(this.options, model, signal);
  }

  embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbedResult> {
    return embedTexts(this.options, texts, { signal });
  }
}
