// A deterministic stand-in embedder for index tests: hashed bag of words, L2-normalised, so texts
// sharing words are near each other. Counts its calls and can be told to fail.
import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/main/engine/assistant/knowledge/knowledge-types';

export interface FakeEmbedder extends Embedder {
  calls: string[][];
  /** Texts embedded in all calls. */
  readonly texts: number;
  failWith: string | undefined;
}

export function bagOfWordsVector(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const h = createHash('md5').update(word).digest();
    v[h.readUInt32LE(0) % dimension]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export function fakeEmbedder(model = 'fake-bow', dimension = 64): FakeEmbedder {
  const e: FakeEmbedder = {
    model,
    calls: [],
    failWith: undefined,
    get texts() {
      return e.calls.reduce((n, c) => n + c.length, 0);
    },
    async embed(texts) {
      e.calls.push(texts);
      if (e.failWith) throw new Error(e.failWith);
      return texts.map((t) => bagOfWordsVector(t, dimension));
    },
  };
  return e;
}
