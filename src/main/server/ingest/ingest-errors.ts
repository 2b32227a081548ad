// Refusals of an ingest request. They are EngineErrors like everywhere else, so clients branch
// on `error.code`; the contract has no codes for HTTP-only refusals (401, 413, 415), so those
// travel as BAD_REQUEST with `details.refusal` naming the refusal, and the status comes from it.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { EngineError } from '../../../shared/errors';
import { STATUS_BY_CODE, sendError } from '../rest/envelope';

export const REFUSAL_STATUS = {
  /** No or a wrong bearer token, or a remote client when no tokens are configured. */
  UNAUTHORIZED: 401,
  /** The body is larger than sources.http.maxBodyBytes. */
  BODY_TOO_LARGE: 413,
  /** The body holds more readings than sources.http.maxRows. */
  TOO_MANY_ROWS: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A query parameter, or a payload of the wrong shape for the endpoint. */
  INVALID_REQUEST: 400,
  /** Every reading in the payload was rejected (they are in dead letters). */
  REJECTED: 400,
} as const;

export type RefusalReason = keyof typeof REFUSAL_STATUS;

export function refusal(reason: RefusalReason, message: string, details: Record<string, unknown> = {}): EngineError {
  return new EngineError('BAD_REQUEST', message, { refusal: reason, ...details });
}

function reasonOf(err: EngineError): RefusalReason | undefined {
  const reason = (err.details as { refusal?: unknown } | undefined)?.refusal;
  return typeof reason === 'string' && reason in REFUSAL_STATUS ? (reason as RefusalReason) : undefined;
}

export function statusOf(err: unknown): number {
  if (!(err instanceof EngineError)) return 500;
  const reason = reasonOf(err);
  return reason ? REFUSAL_STATUS[reason] : STATUS_BY_CODE[err.code];
}

/** Answers with the error envelope, with the headers a refusal calls for (401, 503). */
export function sendRefusal(
  res: ServerResponse,
  err: unknown,
  log: (message: string) => void,
  options: { headers?: OutgoingHttpHeaders; status?: number } = {},
): void {
  const headers: OutgoingHttpHeaders = { ...options.headers };
  if (err instanceof EngineError && reasonOf(err) === 'UNAUTHORIZED') {
    headers['www-authenticate'] = 'Bearer realm="watchfloor"';
  }
  // The pipeline writes in micro-batches; a few seconds is enough for a transient failure.
  if (err instanceof EngineError && err.code === 'UNAVAILABLE') headers['retry-after'] = '5';
  sendError(res, err, log, { status: options.status ?? statusOf(err), headers });
}
