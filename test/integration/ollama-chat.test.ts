// Streaming chat against the Ollama stand-in over real sockets: pieces reach the operator as
// they are generated, Cancel is felt (and reaches the server) within 200 ms, and every early
// end — model missing, server gone mid-answer, a server too slow to start — is an error that
// says which, keeping what had arrived.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/main/engine/assistant/ollama/chat-stream';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import type { OllamaError } from '../../src/main/engine/assistant/ollama/ollama-error';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';

const standins: OllamaStandin[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((s) => s.stop()));
});

async function standin() {
  const s = await startOllamaStandin({ models: ['llama3.2:3b', 'nomic-embed-text'] });
  standins.push(s);
  return s;
}

const question: ChatMessage[] = [
  { role: 'system', content: 'Answer from the runbook passages only.' },
  { role: 'user', content: 'device-002 pressure is 57 psi. What do I check first?' },
];

async function failure(p: Promise<unknown>): Promise<OllamaError> {
  try {
    await p;
  } catch (err) {
    return err as OllamaError;
  }
  throw new Error('expected the chat to fail');
}

describe('streaming chat', () => {
  it('hands each piece to the caller as it arrives, then the whole answer', async () => {
    const s = await standin();
    const tokens = ['Check ', 'the ', 'relief ', 'valve ', 'PSV-201 ', '[1].'];
    s.queueChat({ tokens, delayMs: 80 });
    const seen: { piece: string; at: number }[] = [];
    const started = performance.now();
    const answer = await new OllamaConnection({ baseUrl: s.url }).chat({
      messages: question,
      onToken: (piece) => seen.push({ piece, at: performance.now() - started }),
    });

    expect(answer).toMatchObject({ text: tokens.join(''), model: 'llama3.2:3b', doneReason: 'stop' });
    expect(seen.map((x) => x.piece)).toEqual(tokens);
    // Streamed, not buffered: the first piece came long before the last one was generated.
    const first = seen[0]?.at ?? Infinity;
    const last = seen.at(-1)?.at ?? 0;
    expect(last - first).toBeGreaterThan(300);
    expect(answer.firstTokenMs).toBeLessThan(last - 300);

    const [sent] = s.requestsTo('/api/chat');
    expect(sent?.body).toMatchObject({ model: 'llama3.2:3b', stream: true, messages: question });
  });

  it('stops within 200 ms of Cancel: the promise settles and the server sees the connection close', async () => {
    const s = await standin();
    s.queueChat({ tokens: Array.from({ length: 200 }, (_, i) => `word${i} `), delayMs: 50 });
    const controller = new AbortController();
    const seen: string[] = [];
    const chat = new OllamaConnection({ baseUrl: s.url }).chat({
      messages: question,
      signal: controller.signal,
      onToken: (p) => {
        seen.push(p);
        if (seen.length === 5) controller.abort();
      },
    });
    const abortAt = await new Promise<number>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(performance.now()));
    });
    const err = await failure(chat);
    const settledAt = performance.now();
    const [request] = s.requestsTo('/api/chat');
    if (!request) throw new Error('the stand-in saw no chat request');
    const closedAt = await s.closed(request);

    expect(err).toMatchObject({ code: 'CANCELLED', details: { reason: 'cancelled' } });
    expect(err.details.partialText).toBe(seen.join(''));
    expect(settledAt - abortAt).toBeLessThan(200);
    expect(closedAt - abortAt).toBeLessThan(200);
    expect(request.completed).toBe(false);
    console.log(
      `cancel: promise settled ${(settledAt - abortAt).toFixed(1)} ms, server saw the close ${(closedAt - abortAt).toFixed(1)} ms after abort`,
    );
  });

  it('does not even send a request when cancelled before it starts', async () => {
    const s = await standin();
    const controller = new AbortController();
    controller.abort();
    const err = await failure(
      new OllamaConnection({ baseUrl: s.url }).chat({ messages: question, signal: controller.signal }),
    );
    expect(err.details.reason).toBe('cancelled');
    expect(s.requestsTo('/api/chat')).toHaveLength(0);
  });

  it('says which model to pull when the chat model is missing', async () => {
    const s = await standin();
    s.setModels(['nomic-embed-text']);
    const err = await failure(new OllamaConnection({ baseUrl: s.url }).chat({ messages: question }));
    expect(err).toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'model-missing', model: 'llama3.2:3b', pullCommand: 'ollama pull llama3.2:3b', status: 404 },
    });
    expect(err.message).toMatch(/Run: ollama pull llama3\.2:3b/);
  });

  it('keeps the partial answer and says the connection dropped when the server dies mid-answer', async () => {
    const s = await standin();
    s.queueChat({ tokens: ['The ', 'pressure ', 'transmitter '], delayMs: 30, then: 'drop' });
    const seen: string[] = [];
    const err = await failure(
      new OllamaConnection({ baseUrl: s.url }).chat({ messages: question, onToken: (p) => seen.push(p) }),
    );
    expect(err).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'stream-broken' } });
    expect(err.message).toMatch(/dropped before the answer was complete/);
    expect(err.details.partialText).toBe('The pressure transmitter ');
    expect(seen.join('')).toBe('The pressure transmitter ');
  });

  it('passes on an error Ollama reports in the middle of the stream, keeping the partial answer', async () => {
    const s = await standin();
    s.queueChat({
      tokens: ['Check ', 'the '],
      then: 'error-line',
      error: 'an error was encountered while running the model: unexpected EOF',
    });
    const err = await failure(new OllamaConnection({ baseUrl: s.url }).chat({ messages: question }));
    expect(err.details).toMatchObject({ reason: 'server-error', partialText: 'Check the ' });
    expect(err.message).toMatch(/stopped with an error: an error was encountered while running the model/);
  });

  it('is told when the whole stand-in goes down mid-answer, not left waiting', async () => {
    const s = await standin();
    s.queueChat({ tokens: ['Isolate ', 'the ', 'line'], delayMs: 20, then: 'hang' });
    const seen: string[] = [];
    const chat = new OllamaConnection({ baseUrl: s.url }).chat({
      messages: question,
      onToken: (p) => {
        seen.push(p);
        if (seen.length === 3) void s.stop();
      },
    });
    const err = await failure(chat);
    expect(err.details).toMatchObject({ reason: 'stream-broken', partialText: 'Isolate the line' });
  });

  it('times out a server that does not start answering within the first-token limit', async () => {
    const s = await standin();
    s.queueChat({ content: 'late', firstDelayMs: 3_000 });
    const started = performance.now();
    const err = await failure(
      new OllamaConnection({ baseUrl: s.url, firstTokenTimeoutMs: 300 }).chat({ messages: question }),
    );
    const took = performance.now() - started;
    expect(err).toMatchObject({ code: 'TIMEOUT', details: { reason: 'timeout', partialText: '' } });
    expect(err.message).toMatch(/no answer within 300 ms/);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(800);
  });

  it('lets a slow server through when it starts within the limit, and times out one that stalls mid-answer', async () => {
    const s = await standin();
    s.queueChat({ tokens: ['Slow ', 'but ', 'fine.'], firstDelayMs: 400, delayMs: 100 });
    const c = new OllamaConnection({ baseUrl: s.url, firstTokenTimeoutMs: 1_000, idleTimeoutMs: 300 });
    expect((await c.chat({ messages: question })).text).toBe('Slow but fine.');

    s.queueChat({ tokens: ['Close ', 'valve '], delayMs: 20, then: 'hang' });
    const err = await failure(c.chat({ messages: question }));
    expect(err.details).toMatchObject({ reason: 'timeout', partialText: 'Close valve ' });
    expect(err.message).toMatch(/stopped sending for 300 ms/);
  });
});
