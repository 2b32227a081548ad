// What answering a question and writing a report share: merging the hits of several searches,
// the relevance floor, and deciding within a bounded time whether Ollama can be used.
//
// Decisions:
// - Hits of several queries (the question, the alarm, the device) are interleaved by rank and
//   deduplicated by chunk: each query's best passage is sent before any query's second best.
// - Relevance floor: a question is sent to the model only if some passage matched its words with
//   a BM25 score of at least RELEVANCE_FLOOR. Measured on the shipped runbooks with the 70
//   questions of test/fixtures/assistant/retrieval-set.json: every answerable question (exact and
//   paraphrase) scored ≥ 3.50 at its top hit; off-topic questions ("what is the canteen menu",
//   "what is the wifi password", "how do I book a holiday") matched no word at all, and 3 of the
//   16 unanswerable plant questions scored below 3.0. Unanswerable questions above the floor are
//   left to the model, which is told to say NOT_COVERED. Vector-only neighbours (hybrid search)
//   never lift a question over the floor: a nearest vector exists for any text.
// - Health is awaited at most HEALTH_WAIT_MS (the backend caches it; a slow answer means Ollama
//   is treated as unreachable for this one question, not marked so for the next).
import type { OllamaState } from '../../../../shared/contract/assistant';
import type { AssistantBackend, RecentReading } from '../assistant-backend';
import type { SearchHit } from '../knowledge/knowledge-search';

export const RELEVANCE_FLOOR = 3.0;
export const HEALTH_WAIT_MS = 800;
/** How long the trend behind an alarm may take to read before the answer goes on without it. */
export const RECENT_WAIT_MS = 300;

/** Ranked lists merged rank by rank, each chunk once, at most `max`. */
export function mergeHits(lists: readonly (readonly SearchHit[])[], max: number): SearchHit[] {
  const out: SearchHit[] = [];
  const seen = new Set<string>();
  const depth = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < depth && out.length < max; i++) {
    for (const list of lists) {
      const h = list[i];
      if (!h || seen.has(h.chunkId)) continue;
      seen.add(h.chunkId);
      out.push(h);
      if (out.length >= max) break;
    }
  }
  return out;
}

/** The best keyword score among the hits (0 when none matched by keywords). */
export function bestKeywordScore(hits: readonly SearchHit[]): number {
  return hits.reduce((best, h) => (h.bm25 !== null && h.bm25 > best ? h.bm25 : best), 0);
}

export interface ModelAvailability {
  usable: boolean;
  /** The configured chat model (for a report's `model` and the note). */
  model: string | null;
  /** Why answers come from retrieval alone; null when the model is usable. */
  note: string | null;
  /** The health as it was (null when it did not answer in time). */
  health: OllamaState | null;
}

/** Ollama's health within `waitMs`, and whether the chat model can answer. Never rejects. */
export async function modelAvailability(
  backend: AssistantBackend,
  waitMs = HEALTH_WAIT_MS,
): Promise<ModelAvailability> {
  const connection = backend.ollama();
  if (!connection) {
    return { usable: false, model: null, note: 'The assistant’s Ollama connection is switched off', health: null };
  }
  const model = connection.options.chatModel;
  const health = await within(
    backend.health().catch(() => null),
    waitMs,
  );
  if (health === undefined) {
    return {
      usable: false,
      model,
      note: `Ollama at ${connection.options.baseUrl} did not answer within ${waitMs} ms`,
      health: null,
    };
  }
  if (health === null) {
    return { usable: false, model, note: `Ollama’s health could not be read`, health: null };
  }
  if (health.state === 'disabled') {
    return { usable: false, model, note: 'The assistant’s Ollama connection is switched off', health };
  }
  if (health.state === 'unreachable') {
    return {
      usable: false,
      model,
      note: `Ollama unreachable at ${new Date(health.checkedAt).toISOString()}: ${health.message ?? health.baseUrl}`,
      health,
    };
  }
  if (!health.chat?.present) {
    const pull = health.chat?.pullCommand ?? `ollama pull ${model}`;
    return { usable: false, model, note: `The chat model ${model} is missing on Ollama: run \`${pull}\``, health };
  }
  return { usable: true, model, note: null, health };
}

/** The series' recent readings, or [] when history does not answer within RECENT_WAIT_MS. */
export async function recentWithin(
  backend: AssistantBackend,
  deviceId: string,
  signal: string,
  at: number,
): Promise<RecentReading[]> {
  if (signal === '*' || signal === '') return [];
  const r = await within(
    backend.recent(deviceId, signal, at, 60).catch(() => []),
    RECENT_WAIT_MS,
  );
  return r ?? [];
}

/** `work`'s value, or undefined when it takes longer than `ms`. */
export function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
