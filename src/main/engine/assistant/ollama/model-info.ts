// What a model says about itself (/api/show): its family, what it can do (`embedding`,
// `completion`) and its context. The knowledge base sizes its chunks from the embedding model's
// context so that splitting on a refusal (embed-texts) stays the exception. Two figures,
// because Ollama runs a model with `num_ctx` (a Modelfile parameter, else the server's default)
// which can be below what the model was trained for: the limit in force is the smaller.
import { runOllamaCall } from './ollama-call';
import type { OllamaOptions } from './ollama-options';

export interface ModelInfo {
  model: string;
  family?: string;
  capabilities: string[];
  /** Trained context in tokens (`<architecture>.context_length`). */
  contextLength?: number;
  /** `num_ctx` from the model's parameters, when its Modelfile sets one. */
  numCtx?: number;
}

export function describeModel(options: OllamaOptions, model: string, signal?: AbortSignal): Promise<ModelInfo> {
  return runOllamaCall(
    options,
    { signal, timeoutMs: options.requestTimeoutMs, model, what: `what ${model} is` },
    async ({ client }) => {
      const shown = await client.show({ model });
      // The client types model_info as a Map; over JSON it is a plain object.
      const info = (shown.model_info ?? {}) as unknown as Record<string, unknown>;
      const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
      const ctx = arch ? info[`${arch}.context_length`] : undefined;
      const numCtx = /^\s*num_ctx\s+(\d+)/m.exec(shown.parameters ?? '')?.[1];
      return {
        model,
        family: shown.details?.family ?? arch,
        capabilities: Array.isArray(shown.capabilities) ? shown.capabilities : [],
        ...(typeof ctx === 'number' && { contextLength: ctx }),
        ...(numCtx !== undefined && { numCtx: Number(numCtx) }),
      };
    },
  );
}
