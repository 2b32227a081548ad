// What detection learned from labels, over the contract: rule suggestions and models judged
// against labels. Placeholder while issue 13 is built: every call answers UNAVAILABLE.
import { EngineError } from '../../../../shared/errors';
import type { RequestHandlers } from '../../../../shared/rpc/server';

const notYet = (): never => {
  throw new EngineError('UNAVAILABLE', 'learning from labels is not built yet');
};

export function feedbackRequestHandlers(): Pick<
  RequestHandlers,
  'rules.suggestions' | 'rules.decideSuggestion' | 'models.evaluate'
> {
  return { 'rules.suggestions': notYet, 'rules.decideSuggestion': notYet, 'models.evaluate': notYet };
}
