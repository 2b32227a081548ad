// What detection learned from labels, over the contract: rule suggestions (listed, accepted or
// rejected by the caller of the call) and models judged against labels (label-feedback.ts).
import type { RequestHandlers } from '../../../../shared/rpc/server';
import type { LabelFeedback } from './label-feedback';

export function feedbackRequestHandlers(
  feedback: LabelFeedback,
): Pick<RequestHandlers, 'rules.suggestions' | 'rules.decideSuggestion' | 'models.evaluate'> {
  return {
    'rules.suggestions': (p) => feedback.suggester.list(p),
    'rules.decideSuggestion': (p, { caller }) => feedback.suggester.decide(p, caller.id),
    'models.evaluate': (p, { signal }) => feedback.evaluate(p.deviceId, signal),
  };
}
