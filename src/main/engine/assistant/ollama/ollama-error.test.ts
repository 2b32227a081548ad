// How failures that are hard to provoke against a local server (DNS, connect timeouts) are
// told to the operator, from errors shaped as Node's fetch (undici) throws them.
import { describe, expect, it } from 'vitest';
import { OllamaError, toOllamaError } from './ollama-error';

const ctx = { baseUrl: 'http://ollama.plant.local:11434', model: 'llama3.2:3b' };
const fetchFailed = (code: string, message = code) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });

describe('telling why Ollama could not be used', () => {
  it('names an unresolvable host and a connect timeout', () => {
    expect(toOllamaError(fetchFailed('ENOTFOUND', 'getaddrinfo ENOTFOUND ollama.plant.local'), ctx)).toMatchObject({
      code: 'UNAVAILABLE',
      reason: 'unreachable',
      message: expect.stringMatching(/does not resolve/),
    });
    expect(toOllamaError(fetchFailed('UND_ERR_CONNECT_TIMEOUT'), ctx)).toMatchObject({
      code: 'TIMEOUT',
      reason: 'timeout',
    });
  });

  it('reads the model-missing answer of older and newer Ollama versions, with the pull command', () => {
    const older = Object.assign(new Error('model "llama3.2:3b" not found, try pulling it first'), {
      name: 'ResponseError',
      status_code: 404,
    });
    const newer = Object.assign(new Error("model 'llama3.2:3b' not found"), {
      name: 'ResponseError',
      status_code: 404,
    });
    for (const e of [older, newer]) {
      expect(toOllamaError(e, ctx)).toMatchObject({
        code: 'NOT_FOUND',
        details: { reason: 'model-missing', pullCommand: 'ollama pull llama3.2:3b' },
      });
    }
  });

  it('reads both wordings of the context-length refusal, whatever the status', () => {
    for (const [text, status] of [
      ['the input length exceeds the context length', 400],
      ['input length exceeds maximum context length', 400],
      ['the input length exceeds the context length', 500],
    ] as const) {
      const e = Object.assign(new Error(text), { name: 'ResponseError', status_code: status });
      expect(toOllamaError(e, ctx).reason).toBe('context-length');
    }
  });

  it('keeps the cause we aborted with (a timeout, a cancel) over what fetch threw because of it', () => {
    const cancelled = new OllamaError('cancelled', 'Cancelled by the operator');
    const thrown = new DOMException('This operation was aborted', 'AbortError');
    expect(toOllamaError(thrown, { ...ctx, abortedWith: cancelled })).toBe(cancelled);
  });

  it('does not mistake a 404 from something that is not Ollama for a missing model', () => {
    const e = Object.assign(new Error('404 page not found'), { name: 'ResponseError', status_code: 404 });
    expect(toOllamaError(e, ctx)).toMatchObject({ reason: 'server-error', details: { status: 404 } });
  });
});
