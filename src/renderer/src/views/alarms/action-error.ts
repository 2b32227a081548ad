// What the operator reads when an action on an alarm fails, chosen by error code.
import { EngineError, type ErrorCode } from '../../../../shared/errors';

export interface ActionFailure {
  code: ErrorCode;
  message: string;
}

export function describeActionError(err: unknown, verb: string): ActionFailure {
  if (!(err instanceof EngineError)) return { code: 'INTERNAL', message: `Could not ${verb} the alarm. Try again.` };
  switch (err.code) {
    case 'INVALID_STATE':
      return {
        code: err.code,
        message: "The alarm's state does not allow this (any more): it may have changed meanwhile.",
      };
    case 'NOT_FOUND':
      return { code: err.code, message: 'This alarm no longer exists on the engine.' };
    case 'BAD_REQUEST':
      return { code: err.code, message: `The engine did not accept this: ${err.message}` };
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return { code: err.code, message: 'Not connected to the engine. Nothing changed; try again once connected.' };
    default:
      return { code: err.code, message: `The engine could not ${verb} this alarm. Try again.` };
  }
}
