// Gives chunks their vectors, a batch at a time, through the injected embedder. A batch that
// fails marks its chunks 'failed' with a retry time (exponential, at most an hour) and ends the
// pass, since the embedder is most likely down; the chunks stay keyword-searchable and are never
// dropped. A chunk that has failed before is retried alone, so one passage the model refuses
// cannot hold back the rest.
import type { Embedder } from './knowledge-types';
import type { EmbedCandidate, VectorStore } from './vector-store';

export interface EmbedPassResult {
  embedded: number;
  failed: number;
  /** Why the pass stopped early, when it did. */
  error?: string;
}

export interface EmbedPassOptions {
  batch: number;
  now: () => number;
  /** Still the embedder to use? (false once it was replaced or the indexer stopped) */
  current: () => boolean;
  onProgress?: (embedded: number, remaining: number) => void;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** What a chunk's vector is made from: where it sits, then what it says. */
export function embedInput(c: Pick<EmbedCandidate, 'title' | 'heading' | 'text'>): string {
  return [c.title, c.heading, c.text].filter((p) => p.trim()).join('\n');
}

export async function runEmbeddingPass(
  vectors: VectorStore,
  embedder: Embedder,
  options: EmbedPassOptions,
): Promise<EmbedPassResult> {
  if (vectors.unavailable) return { embedded: 0, failed: 0, error: vectors.unavailable };
  vectors.forgetOtherModels(embedder.model);
  let embedded = 0;
  for (;;) {
    if (!options.current()) return { embedded, failed: 0 };
    const candidates = vectors.candidates(options.batch, options.now());
    if (candidates.length === 0) return { embedded, failed: 0 };
    const batch = candidates[0]!.attempts > 0 ? candidates.slice(0, 1) : candidates;
    let result: number[][];
    try {
      result = await embedder.embed(batch.map(embedInput));
      checkVectors(result, batch.length);
    } catch (err) {
      const message = (err as Error).message || String(err);
      const retryAt = options.now() + retryDelayMs(batch[0]!.attempts + 1);
      if (options.current())
        vectors.markFailed(
          batch.map((c) => c.rowid),
          message,
          retryAt,
        );
      return { embedded, failed: batch.length, error: message };
    }
    if (!options.current()) return { embedded, failed: 0 };
    vectors.use(embedder.model, result[0]!.length);
    vectors.put(batch.map((c, i) => ({ rowid: c.rowid, vector: result[i]! })));
    embedded += batch.length;
    options.onProgress?.(embedded, vectors.counts().pending);
  }
}

function checkVectors(result: unknown, expected: number): asserts result is number[][] {
  if (!Array.isArray(result) || result.length !== expected) {
    throw new Error(`embedder returned ${Array.isArray(result) ? result.length : 'no'} vectors for ${expected} texts`);
  }
  const dim = (result[0] as unknown[] | undefined)?.length ?? 0;
  for (const v of result as unknown[][]) {
    if (
      !Array.isArray(v) ||
      v.length !== dim ||
      dim === 0 ||
      !v.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      throw new Error('embedder returned vectors of differing sizes or non-numbers');
    }
  }
}
