// Errors that cross the contract. Every failure a user or a caller can act on has a code;
// the UI branches on `code`, never on message text.

export const ERROR_CODES = [
  'BAD_REQUEST', // parameters failed the contract's schema
  'UNKNOWN_METHOD', // no such request or stream in the contract
  'NOT_FOUND',
  'INVALID_STATE', // the operation does not apply to the object's current state
  'UNAVAILABLE', // transport down, engine starting or stopping
  'TIMEOUT',
  'INTERNAL',
  'UNAUTHORIZED', // no access token, or a wrong one (docs/administration.md: Security)
  'FORBIDDEN', // a caller that may not do this: another site's page, a path outside the allowed folders
  'RATE_LIMITED', // too many calls from this client; details.retryAfterMs says when to try again
  'CANCELLED', // the caller cancelled the call or the job (or its connection closed)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

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
