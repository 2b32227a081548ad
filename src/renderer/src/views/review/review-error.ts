// What the expert reads when a review call fails, chosen by error code (never by the engine's
// message text). A stale change (CONFLICT) says that someone else changed the label; the details
// view then reloads it so the expert sees what changed before trying again.
import { isPageOutdated } from '../../../../shared/contract/result-resolver';
import { EngineError } from '../../../../shared/errors';

export type ReviewAction = 'load' | 'label' | 'save' | 'delete' | 'restore' | 'undo' | 'export' | 'import' | 'causes';

const DOING: Record<ReviewAction, string> = {
  load: 'load the labels',
  label: 'save the label',
  save: 'save the change',
  delete: 'delete the label',
  restore: 'restore the label',
  undo: 'take the label back',
  export: 'export the labels',
  import: 'import the file',
  causes: 'save the causes',
};

export function describeReviewError(err: unknown, action: ReviewAction): string {
  if (!(err instanceof EngineError)) return `Could not ${DOING[action]}. Try again.`;
  // The header offers the reload; the engine is fine.
  if (isPageOutdated(err))
    return `This page is out of date: reload it to ${DOING[action]}.${action === 'load' ? '' : ' Nothing was changed.'}`;
  switch (err.code) {
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return action === 'load'
        ? 'The engine is not answering (not connected, or labels are not available yet). The list loads once it does.'
        : `The engine is not answering: could not ${DOING[action]}. Nothing was changed; try again.`;
    case 'CONFLICT':
      return 'Someone changed this label since you opened it. It is shown as it is now: check it, then try again.';
    case 'NOT_FOUND':
      return 'This label no longer exists.';
    case 'BAD_REQUEST':
      return `The engine did not accept this: ${err.message}`;
    case 'UNKNOWN_METHOD':
      return 'This engine does not handle labels. Update it to use this view.';
    case 'FORBIDDEN':
    case 'UNAUTHORIZED':
      return `You may not ${DOING[action]} here.`;
    default:
      return `The engine could not ${DOING[action]}. Try again.`;
  }
}

export const isConflict = (err: unknown): boolean => err instanceof EngineError && err.code === 'CONFLICT';
