// Every way talking to Ollama can fail, as one error class with a reason the assistant branches
// on (fall back to retrieval alone, show the `ollama pull` line, keep the partial answer) and an
// ErrorCode for the contract. Errors from fetch, undici and the `ollama` client arrive as
// TypeErrors and ResponseErrors with the cause buried inside; `toOllamaError` reads them once,
// here, so no caller matches message text.
import { EngineError, type ErrorCode } from '../../../../shared/errors';

export type OllamaFailure =
  | 'disabled' // the assistant's Ollama switch is off
  | 'unreachable' // nothing listens there, the name does not resolve, the connection was refused
  | 'timeout' // no answer (or no first token, or silence mid-answer) within the configured time
  | 'model-missing' // the server does not have the model: details.pullCommand says what to run
  | 'context-length' // an input longer than the model's context
  | 'stream-broken' // the connection dropped in the middle of an answer
  | 'cancelled' // the caller aborted
  | 'foreign-host' // a request for another host than the configured one, or a redirect
  | 'server-error' // Ollama answered an HTTP error
  | 'bad-response'; // Ollama answered something that is not what its API says

const CODES: Record<OllamaFailure, ErrorCode> = {
  disabled: 'UNAVAILABLE',
  unreachable: 'UNAVAILABLE',
  timeout: 'TIMEOUT',
  'model-missing': 'NOT_FOUND',
  'context-length': 'INTERNAL',
  'stream-broken': 'UNAVAILABLE',
  cancelled: 'CANCELLED',
  'foreign-host': 'FORBIDDEN',
  'server-error': 'INTERNAL',
  'bad-response': 'INTERNAL',
};

export interface OllamaErrorDetails {
  reason: OllamaFailure;
  /** model-missing: the exact command that fixes it. */
  pullCommand?: string;
  model?: string;
  /** A chat that ended early: what had arrived (kept for the operator). */
  partialText?: string;
  /** HTTP status from Ollama, when it answered one. */
  status?: number;
}

export class OllamaError extends EngineError {
  declare readonly details: OllamaErrorDetails;

  constructor(reason: OllamaFailure, message: string, details: Omit<OllamaErrorDetails, 'reason'> = {}) {
    super(CODES[reason], message, { reason, ...details });
    this.name = 'OllamaError';
  }

  get reason(): OllamaFailure {
    return this.details.reason;
  }

  withPartialText(partialText: string): OllamaError {
    return new OllamaError(this.reason, this.message, { ...this.details, partialText });
  }
}

export function pullCommand(model: string): string {
  return `ollama pull ${model}`;
}

export function modelMissing(model: string, baseUrl: string): OllamaError {
  return new OllamaError(
    'model-missing',
    `The Ollama server at ${baseUrl} does not have the model "${model}". Run: ${pullCommand(model)}`,
    { model, pullCommand: pullCommand(model), status: 404 },
  );
}

export interface ErrorContext {
  baseUrl: string;
  model?: string;
  /** Set when we aborted the request ourselves (timeout, cancel): that is the real cause. */
  abortedWith?: OllamaError;
  /** Whether part of an answer had arrived (a drop is then a broken stream, not unreachable). */
  midStream?: boolean;
}

const CONTEXT_LENGTH = /input length exceeds (the|maximum) context length/i;
const MODEL_NOT_FOUND = /model ["']?.*["']? not found/i;

/** Anything thrown while talking to Ollama, as an OllamaError. */
export function toOllamaError(err: unknown, ctx: ErrorContext): OllamaError {
  if (ctx.abortedWith) return ctx.abortedWith;
  if (err instanceof OllamaError) return err;
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (status !== undefined || (err instanceof Error && err.name === 'ResponseError')) {
    if (CONTEXT_LENGTH.test(message)) {
      return new OllamaError('context-length', `Ollama: ${message}`, { model: ctx.model, status });
    }
    if (status === 404 && ctx.model && MODEL_NOT_FOUND.test(message)) return modelMissing(ctx.model, ctx.baseUrl);
    return new OllamaError('server-error', `Ollama at ${ctx.baseUrl} answered ${status ?? 'an error'}: ${message}`, {
      model: ctx.model,
      status,
    });
  }
  if (CONTEXT_LENGTH.test(message))
    return new OllamaError('context-length', `Ollama: ${message}`, { model: ctx.model });
  const cause = causeCode(err);
  if (cause === 'redirect') {
    return new OllamaError(
      'foreign-host',
      `Ollama at ${ctx.baseUrl} answered with a redirect; Watchfloor follows none, so no request leaves the configured server`,
    );
  }
  const dropped =
    cause === 'UND_ERR_SOCKET' || cause === 'ECONNRESET' || /^terminated$|Did not receive done/i.test(message);
  if (dropped || (ctx.midStream && cause !== undefined)) {
    return new OllamaError(
      'stream-broken',
      `The connection to Ollama at ${ctx.baseUrl} dropped before the answer was complete`,
    );
  }
  // An `{"error": "..."}` line in the middle of a stream: the client throws a plain Error with it.
  if (cause === undefined && err instanceof Error && err.name === 'Error' && ctx.midStream) {
    return new OllamaError('server-error', `Ollama at ${ctx.baseUrl} stopped with an error: ${message}`, {
      model: ctx.model,
    });
  }
  if (cause === 'ECONNREFUSED') {
    return new OllamaError('unreachable', `Ollama is not running at ${ctx.baseUrl} (connection refused)`);
  }
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') {
    return new OllamaError('unreachable', `The Ollama host in ${ctx.baseUrl} does not resolve (${cause})`);
  }
  if (cause === 'ETIMEDOUT' || cause === 'UND_ERR_CONNECT_TIMEOUT') {
    return new OllamaError('timeout', `Ollama at ${ctx.baseUrl} did not accept the connection in time`);
  }
  if (cause !== undefined) {
    return new OllamaError('unreachable', `Cannot reach Ollama at ${ctx.baseUrl} (${cause})`);
  }
  return new OllamaError('bad-response', `Unexpected answer from Ollama at ${ctx.baseUrl}: ${message}`);
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { status_code?: unknown } | null)?.status_code;
  return typeof s === 'number' ? s : undefined;
}

/** The system-level reason under fetch's "fetch failed" TypeError. */
function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    if (/redirect/i.test(e.message)) return 'redirect';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
