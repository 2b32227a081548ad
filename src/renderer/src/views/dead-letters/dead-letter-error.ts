// What the operator reads when loading, re-queueing or discarding dead letters fails, chosen by
// error code (never by the engine's message text).
import { isPageOutdated } from '../../../../shared/contract/result-resolver';
import { EngineError, type ErrorCode } from '../../../../shared/errors';

export type DeadLetterAction = 'load' | 'requeue' | 'discard';

export interface DeadLetterFailure {
  code: ErrorCode;
  message: string;
}

const DOING: Record<DeadLetterAction, string> = {
  load: 'load the dead letters',
  requeue: 're-queue the selected dead letters',
  discard: 'discard the selected dead letters',
};

export function describeDeadLetterError(err: unknown, action: DeadLetterAction): DeadLetterFailure {
  if (!(err instanceof EngineError)) return { code: 'INTERNAL', message: `Could not ${DOING[action]}. Try again.` };
  // The header offers the reload; the engine is fine.
  if (isPageOutdated(err))
    return {
      code: err.code,
      message: `This page is out of date: reload it to ${DOING[action]}.${action === 'load' ? '' : ' Nothing was changed.'}`,
    };
  switch (err.code) {
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return {
        code: err.code,
        message:
          action === 'load'
            ? 'Not connected to the engine. The list refreshes once connected.'
            : `Not connected to the engine: nothing was changed. Try again once connected.`,
      };
    case 'BAD_REQUEST':
      return { code: err.code, message: `The engine did not accept the request to ${DOING[action]}.` };
    case 'UNKNOWN_METHOD':
      return { code: err.code, message: 'This engine does not handle dead letters. Update it to use this view.' };
    default:
      return { code: err.code, message: `The engine could not ${DOING[action]}. Try again.` };
  }
}
