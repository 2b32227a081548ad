// Is Ollama usable, and if not, what exactly should someone do? Asked by Settings → Assistant
// and before the assistant decides between Ollama and retrieval alone, so it answers within
// `healthTimeoutMs` (1 s by default) whatever the network does, and never throws: an
// unreachable server, a missing model and a switched-off assistant are answers, not errors.
import { findInstalledModel } from './model-names';
import { runOllamaCall } from './ollama-call';
import { OllamaError, pullCommand } from './ollama-error';
import type { OllamaOptions } from './ollama-options';

export interface ModelPresence {
  /** As configured. */
  name: string;
  present: boolean;
  /** The installed name it matched (e.g. `nomic-embed-text:latest`). */
  installedAs?: string;
  /** When missing: the command to run on the Ollama machine. */
  pullCommand?: string;
}

export type OllamaHealth =
  | { state: 'disabled'; baseUrl: string }
  | { state: 'unreachable'; baseUrl: string; reason: OllamaError['reason']; message: string; elapsedMs: number }
  | {
      /** `ready`: both models present; `models-missing`: reachable, but see `chat` / `embedding`. */
      state: 'ready' | 'models-missing';
      baseUrl: string;
      version: string;
      chat: ModelPresence;
      embedding: ModelPresence;
      installed: string[];
      elapsedMs: number;
    };

export async function checkOllamaHealth(options: OllamaOptions, signal?: AbortSignal): Promise<OllamaHealth> {
  const { baseUrl } = options;
  if (!options.enabled) return { state: 'disabled', baseUrl };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const { version, installed } = await runOllamaCall(
      options,
      { signal, timeoutMs: options.healthTimeoutMs, what: 'the health check' },
      async ({ client }) => {
        const [v, list] = await Promise.all([client.version(), client.list()]);
        return { version: v.version, installed: list.models.map((m) => m.name) };
      },
    );
    const presence = (name: string): ModelPresence => {
      const installedAs = findInstalledModel(name, installed);
      return installedAs
        ? { name, present: true, installedAs }
        : { name, present: false, pullCommand: pullCommand(name) };
    };
    const chat = presence(options.chatModel);
    const embedding = presence(options.embeddingModel);
    const state = chat.present && embedding.present ? 'ready' : 'models-missing';
    return { state, baseUrl, version, chat, embedding, installed, elapsedMs: elapsed() };
  } catch (err) {
    const e = err instanceof OllamaError ? err : new OllamaError('bad-response', String(err));
    return { state: 'unreachable', baseUrl, reason: e.reason, message: e.message, elapsedMs: elapsed() };
  }
}
