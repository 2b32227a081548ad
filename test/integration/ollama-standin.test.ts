// The stand-in must speak Ollama's API as the `ollama` client reads it, or every other Ollama
// test proves nothing: the same client product code uses, unconfigured, against it.
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';

let s: OllamaStandin | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

describe('Ollama stand-in', () => {
  it('answers chat streamed (NDJSON, the default) and whole, as the client expects', async () => {
    s = await startOllamaStandin({ models: ['llama3.2:3b'] });
    s.queueChat({ tokens: ['a', 'b', 'c'] }, { tokens: ['a', 'b', 'c'] });
    const client = new Ollama({ host: s.url });
    const parts: string[] = [];
    for await (const part of await client.chat({ model: 'llama3.2:3b', messages: [], stream: true })) {
      parts.push(part.done ? `done:${part.done_reason}` : part.message.content);
    }
    expect(parts).toEqual(['a', 'b', 'c', 'done:stop']);
    const whole = await client.chat({ model: 'llama3.2:3b', messages: [], stream: false });
    expect(whole).toMatchObject({ done: true, message: { role: 'assistant', content: 'abc' } });

    const raw = await fetch(`${s.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2:3b', messages: [] }),
    });
    expect(raw.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await raw.text()).trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('answers a missing model, the model list and embeddings in Ollama’s own shapes', async () => {
    s = await startOllamaStandin({ models: [{ name: 'nomic-embed-text', contextLength: 8 }], embedDimensions: 16 });
    const client = new Ollama({ host: s.url });
    await expect(client.chat({ model: 'x', messages: [] })).rejects.toMatchObject({
      status_code: 404,
      error: 'model "x" not found, try pulling it first',
    });
    expect((await client.list()).models.map((m) => m.name)).toEqual(['nomic-embed-text']);
    const { embeddings } = await client.embed({ model: 'nomic-embed-text:latest', input: ['pump', 'pump', 'valve'] });
    expect(embeddings).toHaveLength(3);
    expect(embeddings[0]).toHaveLength(16);
    expect(embeddings[0]).toEqual(embeddings[1]);
    expect(embeddings[0]).not.toEqual(embeddings[2]);
    // Over the context: truncated silently by default, refused with truncate: false.
    const long = 'word '.repeat(20);
    expect((await client.embed({ model: 'nomic-embed-text', input: long })).embeddings).toHaveLength(1);
    await expect(client.embed({ model: 'nomic-embed-text', input: long, truncate: false })).rejects.toMatchObject({
      status_code: 400,
      error: 'the input length exceeds the context length',
    });
  });
});
