// Embeddings against the Ollama stand-in: batches go out with `truncate: false` (so Ollama
// refuses an over-long input instead of silently cutting it), an input beyond the model's
// context is split at whitespace and every piece embedded, nothing is dropped, and a missing
// model says which `ollama pull` to run.
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import { standinVector, startOllamaStandin, tokensOf, type OllamaStandin } from '../support/ollama-standin';

const standins: OllamaStandin[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((s) => s.stop()));
});

const CONTEXT = 64; // tokens: ~256 characters in the stand-in's count
async function connection(batch = 4) {
  const s = await startOllamaStandin({
    models: ['llama3.2:3b', { name: 'nomic-embed-text:latest', family: 'nomic-bert', contextLength: CONTEXT }],
    embedDimensions: 32,
  });
  standins.push(s);
  return { s, c: new OllamaConnection({ baseUrl: s.url, embedBatchSize: batch }) };
}

const passage = (topic: string, words: number) =>
  Array.from({ length: words }, (_, i) => `${topic}${i % 7} check step ${i}`).join(' ');

interface SentEmbed {
  model: string;
  input: string[];
  truncate?: boolean;
}

describe('embeddings', () => {
  it('embeds in batches, one vector per input in order, telling Ollama not to truncate', async () => {
    const { s, c } = await connection(4);
    const texts = Array.from({ length: 10 }, (_, i) => `PT-20${i} pressure high: check the relief valve ${i}`);
    const out = await c.embed(texts);

    expect(out).toMatchObject({ model: 'nomic-embed-text', dimensions: 32, requests: 3 });
    expect(out.texts.map((t) => t.index)).toEqual(texts.map((_, i) => i));
    for (const [i, t] of out.texts.entries()) {
      expect(t.split).toBe(false);
      expect(t.pieces).toEqual([{ start: 0, end: texts[i]?.length, vector: standinVector(texts[i] ?? '', 32) }]);
    }
    const sent = s.requestsTo('/api/embed').map((r) => r.body as SentEmbed);
    expect(sent.map((b) => b.input.length)).toEqual([4, 4, 2]);
    expect(sent.every((b) => b.truncate === false && b.model === 'nomic-embed-text')).toBe(true);
  });

  it('splits an input beyond the context at whitespace, embeds every piece, and drops no input', async () => {
    const { s, c } = await connection(4);
    const long = passage('vibration', 60); // ~1,300 characters, five times the context
    const texts = ['short one', long, 'another short', passage('temperature', 6)];
    expect(tokensOf(long)).toBeGreaterThan(CONTEXT * 4);

    const out = await c.embed(texts);

    expect(out.texts).toHaveLength(texts.length);
    for (const [i, t] of out.texts.entries()) {
      const text = texts[i] ?? '';
      expect(t.pieces.length).toBeGreaterThan(0);
      // The pieces cover the text exactly, in order, each within the context and with a vector.
      expect(t.pieces[0]?.start).toBe(0);
      expect(t.pieces.at(-1)?.end).toBe(text.length);
      for (const [k, p] of t.pieces.entries()) {
        if (k > 0) expect(p.start).toBe(t.pieces[k - 1]?.end);
        expect(tokensOf(text.slice(p.start, p.end))).toBeLessThanOrEqual(CONTEXT);
        expect(p.vector).toEqual(standinVector(text.slice(p.start, p.end), 32));
      }
    }
    const longOut = out.texts[1];
    expect(longOut?.split).toBe(true);
    expect(longOut?.pieces.length).toBeGreaterThanOrEqual(5);
    // Cut at whitespace: no piece starts or ends inside a word.
    for (const p of longOut?.pieces ?? []) {
      if (p.start > 0) expect(long[p.start]).toMatch(/\s/);
    }
    expect(out.texts.filter((t) => t.split).map((t) => t.index)).toEqual([1]);

    // Ollama saw the context error and every piece that fits; nothing was sent with truncation on.
    const sent = s.requestsTo('/api/embed');
    expect(sent.some((r) => (r.body as SentEmbed).input.includes(long))).toBe(true);
    expect(sent.every((r) => (r.body as SentEmbed).truncate === false)).toBe(true);
    expect(sent.every((r) => (r.body as SentEmbed).input.length <= 4)).toBe(true);
    console.log(`context-length split: ${longOut?.pieces.length} pieces for one input, ${out.requests} requests`);
  });

  it('reports a missing embedding model with its `ollama pull`', async () => {
    const { s, c } = await connection();
    s.setModels(['llama3.2:3b']);
    await expect(c.embed(['anything'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'model-missing', pullCommand: 'ollama pull nomic-embed-text' },
    });
  });

  it('fails the whole call, rather than return fewer vectors, when the server goes away', async () => {
    const { s, c } = await connection(2);
    await s.stop();
    await expect(c.embed(['a', 'b', 'c'])).rejects.toMatchObject({ details: { reason: 'unreachable' } });
  });

  it('stops an indexing run on cancel: settles at once and closes the request, sending no further batch', async () => {
    const { s, c } = await connection(2);
    s.setLatency(2_000);
    const controller = new AbortController();
    const run = c.embed(['a', 'b', 'c', 'd', 'e'], controller.signal);
    await new Promise((r) => setTimeout(r, 100));
    const abortAt = performance.now();
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - abortAt).toBeLessThan(200);
    const [first] = s.requestsTo('/api/embed');
    if (!first) throw new Error('no embed request reached the stand-in');
    expect((await s.closed(first)) - abortAt).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.requestsTo('/api/embed')).toHaveLength(1);
  });

  it('sends nothing for nothing', async () => {
    const { s, c } = await connection();
    expect(await c.embed([])).toMatchObject({ texts: [], requests: 0 });
    expect(s.requests).toHaveLength(0);
  });
});
