// The assistant's state in words: a missing model is named, an unreachable server says why.
import { describe, expect, it } from 'vitest';
import type { AssistantStatus, OllamaState } from '../../../../shared/contract/assistant';
import { answersSummary, indexSummary, ollamaSummary } from './status-text';

const ollama: OllamaState = {
  state: 'ready',
  baseUrl: 'http://127.0.0.1:11434',
  version: '0.6.5',
  chat: { name: 'llama3.2:3b', present: true, pullCommand: null },
  embedding: { name: 'nomic-embed-text', present: true, pullCommand: null },
  message: null,
  checkedAt: 0,
};

const status: AssistantStatus = {
  enabled: true,
  answers: 'model',
  ollama,
  index: {
    state: 'idle',
    folders: [],
    documents: { ok: 6, error: 1 },
    chunks: 240,
    search: 'keyword',
    embeddings: { model: 'nomic-embed-text', done: 200, pending: 40, failed: 0, lastError: null },
    lastSync: null,
  },
  reports: { queued: 0, running: 0, made: 0, fallbacks: 0, dropped: 0 },
};

describe('status in words', () => {
  it('names the missing models and why a server is unreachable', () => {
    expect(
      ollamaSummary({
        ...ollama,
        state: 'models-missing',
        chat: { name: 'llama3.2:3b', present: false, pullCommand: 'ollama pull llama3.2:3b' },
      }),
    ).toBe('Reachable at http://127.0.0.1:11434, but a model is missing: llama3.2:3b.');
    expect(ollamaSummary({ ...ollama, state: 'unreachable', message: 'connection refused' })).toBe(
      'Unreachable at http://127.0.0.1:11434: connection refused.',
    );
    expect(ollamaSummary({ ...ollama, state: 'ready' })).toBe('Ready at http://127.0.0.1:11434 (Ollama 0.6.5).');
  });

  it('sums up the index and where answers come from', () => {
    expect(indexSummary(status)).toBe(
      '6 documents, 1 unreadable · 240 passages · keyword search · 40 embeddings pending · up to date',
    );
    expect(answersSummary(status)).toContain('llama3.2:3b');
    expect(answersSummary({ ...status, answers: 'retrieval' })).toContain('runbooks alone');
  });
});
