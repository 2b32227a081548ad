// One HTTP exchange with a cloud's API, bounded by a timeout, and what a failed one means for the
// poll loop: throttled (429/503, with the wait the server asked for), refused credentials
// (401/403: polling again will not help until someone fixes them), or anything else. Error
// bodies are shortened: they may be large, and they end up in health and the log.

export type CloudFailureKind = 'throttled' | 'auth' | 'other';

export class CloudRequestError extends Error {
  constructor(
    message: string,
    readonly kind: CloudFailureKind,
    readonly status: number | null,
    /** What the server asked for (Retry-After), ms; undefined when it did not say. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CloudRequestError';
  }
}

/** Retry-After as seconds or an HTTP date, ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export interface CloudRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Names the endpoint in messages: "Entra ID token", "Azure Monitor", "CloudWatch". */
  what: string;
  clock: () => number;
  /** Aborted when the source stops. */
  signal?: AbortSignal | undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** The error text a cloud API put in its body: Azure's error.message, Entra's error_description, AWS's message. */
function errorText(body: string): string {
  try {
    const doc = JSON.parse(body) as Record<string, unknown>;
    const nested = doc.error as Record<string, unknown> | string | undefined;
    const text =
      (typeof nested === 'object' && nested ? nested.message : undefined) ??
      doc.error_description ??
      doc.message ??
      doc.Message ??
      (typeof nested === 'string' ? nested : undefined);
    if (typeof text === 'string') return shorten(text);
  } catch {
    // not JSON: the raw text
  }
  return shorten(body);
}

const AUTH_TYPES =
  /UnrecognizedClient|InvalidSignature|AccessDenied|ExpiredToken|InvalidClientTokenId|NotAuthorized|MissingAuthenticationToken/i;

function errorType(body: string): string {
  try {
    const type = (JSON.parse(body) as { __type?: unknown }).__type;
    return typeof type === 'string' ? type.slice(type.lastIndexOf('#') + 1) : '';
  } catch {
    return '';
  }
}

/** Sends the request and parses a JSON answer; throws CloudRequestError for anything else. */
export async function cloudJson(req: CloudRequest): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: req.signal
        ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)])
        : AbortSignal.timeout(req.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as Error;
    const why = req.signal?.aborted
      ? 'stopped'
      : e.name === 'TimeoutError'
        ? `no answer within ${req.timeoutMs / 1000} s`
        : ((e.cause as Error)?.message ?? e.message);
    throw new CloudRequestError(`${req.what}: ${why}`, 'other', null);
  }
  const body = await res.text();
  if (res.status === 429 || res.status === 503) {
    const wait = retryAfterMs(res.headers.get('retry-after'), req.clock());
    const said = wait === undefined ? '' : `; retry after ${Math.ceil(wait / 1000)} s`;
    throw new CloudRequestError(
      `${req.what}: throttled (HTTP ${res.status}${said}) ${errorText(body)}`.trim(),
      'throttled',
      res.status,
      wait,
    );
  }
  // AWS JSON protocol: errors are 400s named by __type (ThrottlingException, UnrecognizedClientException…).
  const awsType = res.status === 400 ? errorType(body) : '';
  if (/Throttl/i.test(awsType)) {
    throw new CloudRequestError(`${req.what}: throttled (${awsType}) ${errorText(body)}`.trim(), 'throttled', 400);
  }
  if (AUTH_TYPES.test(awsType) || res.status === 401 || res.status === 403) {
    throw new CloudRequestError(
      `${req.what}: credentials refused (HTTP ${res.status}): ${errorText(body)}`,
      'auth',
      res.status,
    );
  }
  if (!res.ok) {
    throw new CloudRequestError(`${req.what}: HTTP ${res.status}: ${errorText(body)}`, 'other', res.status);
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new CloudRequestError(`${req.what}: the answer is not JSON: ${shorten(body)}`, 'other', res.status);
  }
}
