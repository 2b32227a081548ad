// One request (or one conversation turn) to Ollama with everything that can end it early: the
// caller's AbortSignal, a time limit, and timers a streaming chat re-arms. The `ollama` client is
// built per call around the confined fetch and this call's signal (cheap: it holds a host and a
// fetch), because the client passes no signal on its non-streamed calls. When the call is
// aborted its promise settles at once, whatever the socket is still doing, so Cancel is felt
// immediately; aborting the fetch is what closes the connection and stops generation.
import { Ollama } from 'ollama';
import { confinedFetch } from './confined-fetch';
import { OllamaError, toOllamaError } from './ollama-error';
import type { OllamaOptions } from './ollama-options';

export class OllamaCall {
  readonly client: Ollama;
  private readonly controller = new AbortController();
  private reason?: OllamaError;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly onCallerAbort = () => this.abort(new OllamaError('cancelled', 'Cancelled by the operator'));
  private readonly aborted: Promise<never>;

  constructor(
    readonly options: OllamaOptions,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.client = new Ollama({ host: options.baseUrl, fetch: confinedFetch(options.baseUrl, this.controller.signal) });
    this.aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.reason), { once: true });
    });
    this.aborted.catch(() => undefined);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get abortedWith(): OllamaError | undefined {
    return this.reason;
  }

  abort(reason: OllamaError): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort(reason);
  }

  /** Aborts with `reason()` after `ms`, unless cleared (the returned function) first. */
  arm(ms: number, reason: () => OllamaError): () => void {
    const t = setTimeout(() => this.abort(reason()), ms);
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** `work`, settling no later than the moment this call is aborted. */
  settled<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.aborted]);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

export interface CallLimits {
  signal?: AbortSignal;
  timeoutMs: number;
  /** The model the call is about (for a model-missing error and its `ollama pull`). */
  model?: string;
  what: string;
}

/** Runs `work` as one bounded call; anything it throws comes out as an OllamaError. */
export async function runOllamaCall<T>(
  options: OllamaOptions,
  limits: CallLimits,
  work: (call: OllamaCall) => Promise<T>,
): Promise<T> {
  if (!options.enabled) throw new OllamaError('disabled', 'The assistant’s Ollama connection is switched off');
  const call = new OllamaCall(options, limits.signal);
  call.arm(
    limits.timeoutMs,
    () =>
      new OllamaError(
        'timeout',
        `Ollama at ${options.baseUrl} did not answer ${limits.what} within ${limits.timeoutMs} ms`,
      ),
  );
  try {
    return await call.settled(work(call));
  } catch (err) {
    throw toOllamaError(err, { baseUrl: options.baseUrl, model: limits.model, abortedWith: call.abortedWith });
  } finally {
    call.dispose();
  }
}
