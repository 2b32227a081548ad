// What the engine needs to talk to one Ollama server. A plain options object for now: the
// settings schema (src/shared) and the Settings → Assistant form come with the contract, and
// resolve into this shape. Every time limit is here so a site with a slow CPU-only machine
// can raise them, and tests can lower them.
import { DEFAULT_OLLAMA_URL } from '../../../../shared/contract/assistant';

/** The contract's default, where every Ollama request goes unless Settings say otherwise. */
export { DEFAULT_OLLAMA_URL };
export interface OllamaOptions {
  /** The one server every request goes to (DESIGN.md: no request to any other host). */
  baseUrl: string;
  chatModel: string;
  embeddingModel: string;
  enabled: boolean;
  /** Health check: bound on the whole check (version + model list). */
  healthTimeoutMs: number;
  /** Chat: from sending the request to the first streamed piece (includes loading the model). */
  firstTokenTimeoutMs: number;
  /** Chat: longest silence between two streamed pieces once the answer has started. */
  idleTimeoutMs: number;
  /** Structured answers and embeddings are not streamed: bound on one whole request. */
  requestTimeoutMs: number;
  /** Texts per /api/embed request. */
  embedBatchSize: number;
}

export const OLLAMA_DEFAULTS: OllamaOptions = Object.freeze({
  baseUrl: DEFAULT_OLLAMA_URL,
  chatModel: 'llama3.2:3b',
  embeddingModel: 'nomic-embed-text',
  enabled: true,
  healthTimeoutMs: 1_000,
  // A cold 3B model on a control-room PC without a GPU takes tens of seconds to load.
  firstTokenTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
  embedBatchSize: 16,
});

export function resolveOllamaOptions(partial: Partial<OllamaOptions> = {}): OllamaOptions {
  const merged = { ...OLLAMA_DEFAULTS, ...partial };
  return Object.freeze({ ...merged, baseUrl: normaliseBaseUrl(merged.baseUrl) });
}

/** `http://host:port[/prefix]` without a trailing slash; refuses anything but http(s). */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new TypeError(`Ollama base URL "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Ollama base URL "${raw}" must be http:// or https://`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError(`Ollama base URL "${raw}" must not carry credentials, a query or a fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
