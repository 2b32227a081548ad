// The knowledge index's Embedder on Ollama's /api/embed. The index keeps one vector per chunk;
// a chunk Ollama had to split (longer than the model's context — the chunker keeps chunks to
// ~1,200 characters, so only a model with a very small context does this) gets the normalised
// mean of its pieces' vectors, and the split is logged once per pass so the site learns its
// model's context is smaller than the chunks.
import type { Embedder } from './knowledge/knowledge-types';
import type { OllamaConnection } from './ollama/ollama-connection';

export function ollamaEmbedder(connection: OllamaConnection, log: (m: string) => void): Embedder {
  return {
    model: connection.options.embeddingModel,
    async embed(texts: string[]): Promise<number[][]> {
      const result = await connection.embed(texts);
      const out: number[][] = new Array<number[]>(texts.length);
      let split = 0;
      for (const t of result.texts) {
        if (t.pieces.length === 1) {
          out[t.index] = t.pieces[0]!.vector;
          continue;
        }
        split++;
        out[t.index] = meanOf(t.pieces.map((p) => p.vector));
      }
      if (split > 0) {
        log(
          `assistant: ${split} passage(s) were longer than ${result.model}'s context and were embedded in pieces (their vectors averaged)`,
        );
      }
      return out;
    },
  };
}

function meanOf(vectors: number[][]): number[] {
  const dims = vectors[0]!.length;
  const sum = new Array<number>(dims).fill(0);
  for (const v of vectors) for (let i = 0; i < dims; i++) sum[i]! += v[i]!;
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}
