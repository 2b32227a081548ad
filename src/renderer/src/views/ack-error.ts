// What the operator reads when an acknowledgement fails, chosen by error code (never by the
// engine's message text, which may change or be translated).
import { EngineError, type ErrorCode } from '../../../shared/errors';

export interface AckFailure {
  code: ErrorCode;
  message: string;
}

export function describeAckError(err: unknown): AckFailure {
  if (!(err instanceof EngineError))
    return { code: 'INTERNAL', message: 'The acknowledgement failed unexpectedly. Try again.' };
  switch (err.code) {
    case 'INVALID_STATE':
      return {
        code: err.code,
        message: 'This alarm no longer needs an acknowledgement: someone else acknowledged it, or it changed state.',
      };
    case 'NOT_FOUND':
      return { code: err.code, message: 'This alarm no longer exists on the engine.' };
    case 'BAD_REQUEST':
      return { code: err.code, message: `The engine did not accept this acknowledgement: ${err.message}` };
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return {
        code: err.code,
        message: 'Not connected to the engine. The alarm is still unacknowledged; try again once connected.',
      };
    default:
      return { code: err.code, message: 'The engine could not acknowledge this alarm. Try again.' };
  }
}
