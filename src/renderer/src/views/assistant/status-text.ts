// The assistant's status in words, the same in Settings → Assistant and the Knowledge view:
// where answers come from and what the index holds.
import type { AssistantStatus, OllamaState } from '../../../../shared/contract/assistant';

const INDEX_STATE: Record<AssistantStatus['index']['state'], string> = {
  idle: 'up to date',
  syncing: 'reading the folders…',
  embedding: 'computing embeddings…',
  stopped: 'stopped',
};

export function indexSummary(s: AssistantStatus): string {
  const { documents, chunks, search, embeddings, state } = s.index;
  const parts = [
    `${documents.ok} document${documents.ok === 1 ? '' : 's'}${documents.error ? `, ${documents.error} unreadable` : ''}`,
    `${chunks} passages`,
    search === 'hybrid' ? 'hybrid search (keywords + embeddings)' : 'keyword search',
  ];
  if (embeddings.pending > 0) parts.push(`${embeddings.pending} embeddings pending`);
  parts.push(INDEX_STATE[state]);
  return parts.join(' · ');
}

/** Ollama's state in one line; `pullCommand`s are shown separately, copyable. */
export function ollamaSummary(o: OllamaState): string {
  switch (o.state) {
    case 'disabled':
      return 'Off: no request goes to Ollama.';
    case 'ready':
      return `Ready at ${o.baseUrl}${o.version ? ` (Ollama ${o.version})` : ''}.`;
    case 'models-missing': {
      const missing = [o.chat, o.embedding].filter((m) => m && !m.present).map((m) => m!.name);
      return `Reachable at ${o.baseUrl}, but ${missing.length === 1 ? 'a model is' : 'models are'} missing: ${missing.join(', ')}.`;
    }
    case 'unreachable':
      return `Unreachable at ${o.baseUrl}${o.message ? `: ${o.message}` : ''}.`;
  }
}

export function answersSummary(s: AssistantStatus): string {
  if (!s.enabled) return 'Answers come from the runbooks alone: the assistant is off.';
  return s.answers === 'model'
    ? `Answers are written by ${s.ollama.chat?.name ?? 'the chat model'} from the runbooks’ passages.`
    : 'Answers come from the runbooks alone (the best passages, with citations) until Ollama is ready.';
}
