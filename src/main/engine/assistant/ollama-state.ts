// Ollama's state as the assistant uses it: asked at most every few seconds (a question or a
// report never waits more than the health check's 1 s for it), shared by concurrent callers,
// and marked unreachable at once when a call fails that way, so the next question goes straight
// to retrieval alone instead of waiting for a dead server again.
import type { AssistantConfig, OllamaState } from '../../../shared/contract/assistant';
import type { OllamaHealth } from './ollama/ollama-health';
import type { OllamaConnection } from './ollama/ollama-connection';

/** A fresh answer is reused this long; a failure is rechecked after RETRY_MS. */
export const STATE_TTL_MS = 10_000;
export const RETRY_MS = 3_000;

export class OllamaStateCache {
  private current: { state: OllamaState; until: number } | undefined;
  private inflight: Promise<OllamaState> | undefined;
  private generation = 0;

  constructor(
    private readonly connection: () => OllamaConnection | undefined,
    private readonly config: () => AssistantConfig,
    private readonly clock: () => number,
  ) {}

  /** The state, checked now when the cached one is stale. */
  get(): Promise<OllamaState> {
    const now = this.clock();
    if (this.current && now < this.current.until) return Promise.resolve(this.current.state);
    return this.check();
  }

  /** Checks now, whatever is cached (Settings → Assistant, after a save). */
  check(): Promise<OllamaState> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const conn = this.connection();
    const config = this.config();
    const run = async (): Promise<OllamaState> => {
      const health: OllamaHealth = conn ? await conn.health() : { state: 'disabled', baseUrl: config.baseUrl };
      const state = toState(health, config, this.clock());
      if (generation === this.generation) {
        const ok = state.state === 'ready' || state.state === 'models-missing' || state.state === 'disabled';
        this.current = { state, until: this.clock() + (ok ? STATE_TTL_MS : RETRY_MS) };
      }
      return state;
    };
    const p = run().finally(() => {
      if (this.inflight === p) this.inflight = undefined;
    });
    this.inflight = p;
    return p;
  }

  /** The last known state without asking (status before the first check: undefined). */
  peek(): OllamaState | undefined {
    return this.current?.state;
  }

  /** A call just failed as unreachable: say so until the next check after RETRY_MS. */
  markUnreachable(message: string): void {
    const config = this.config();
    this.current = {
      state: {
        state: 'unreachable',
        baseUrl: config.baseUrl,
        version: null,
        chat: null,
        embedding: null,
        message,
        checkedAt: this.clock(),
      },
      until: this.clock() + RETRY_MS,
    };
  }

  /** The settings changed: forget what was known about the old server. */
  reset(): void {
    this.generation++;
    this.current = undefined;
    this.inflight = undefined;
  }
}

/** Whether answers can come from the model: the chat model is there. */
export function chatUsable(state: OllamaState): boolean {
  return (state.state === 'ready' || state.state === 'models-missing') && state.chat?.present === true;
}

function toState(h: OllamaHealth, config: AssistantConfig, at: number): OllamaState {
  if (h.state === 'disabled') {
    return {
      state: 'disabled',
      baseUrl: h.baseUrl,
      version: null,
      chat: null,
      embedding: null,
      message: null,
      checkedAt: at,
    };
  }
  if (h.state === 'unreachable') {
    return {
      state: 'unreachable',
      baseUrl: h.baseUrl,
      version: null,
      chat: null,
      embedding: null,
      message: h.message,
      checkedAt: at,
    };
  }
  const presence = (p: typeof h.chat) => ({ name: p.name, present: p.present, pullCommand: p.pullCommand ?? null });
  const chat = presence(h.chat);
  const embedding = config.embeddingModel ? presence(h.embedding) : null;
  const ready = chat.present && (embedding === null || embedding.present);
  return {
    state: ready ? 'ready' : 'models-missing',
    baseUrl: h.baseUrl,
    version: h.version,
    chat,
    embedding,
    message: null,
    checkedAt: at,
  };
}
