// Errors that cross the contract. Every failure a user or a caller can act on has a code, one
// of an enum the contract validates wherever a code travels (a failed request, a failed item of
// a bulk action, a REST error); the UI branches on `code`, never on message text.
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST', // parameters failed the contract's schema
  'UNKNOWN_METHOD', // no such request or stream in the contract
  'NOT_FOUND',
  'INVALID_STATE', // the operation does not apply to the object's current state
  'UNAVAILABLE', // transport down, engine starting or stopping
  'TIMEOUT',
  'INTERNAL',
  'UNAUTHORIZED', // not signed in, or a session or API token that is not (or no longer) valid
  'FORBIDDEN', // a caller that may not do this: another site's page, a path outside the allowed folders
  'RATE_LIMITED', // too many calls from this client; details.retryAfterMs says when to try again
  'CANCELLED', // the caller cancelled the call or the job (or its connection closed)
  'CONFLICT', // someone changed the object since the caller read it (details.current is it now)
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An error as it travels: over the contract's channels, and inside the REST error envelope. */
export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  /** BAD_REQUEST: `{ issues }` (bad-request.ts); RATE_LIMITED: `{ retryAfterMs }`; otherwise free. */
  details: z.unknown().optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(payload: ErrorPayload): EngineError {
    return new EngineError(payload.code, payload.message, payload.details);
  }
}

/** Turns anything thrown into a payload that is safe to send: unknown errors become INTERNAL. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof EngineError) return err.toPayload();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };
