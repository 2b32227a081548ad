// What detection learns from expert labels, as one engine service: rule suggestions (started and
// stopped with the engine, listening to label and rule changes) and models evaluated against the
// labelled ranges on request. Labels come only through the AnnotationIndex port.
import type { ModelEvaluation } from '../../../../shared/contract/annotations';
import { evaluateModels, type EvaluationDeps } from '../models/model-evaluation';
import { RuleSuggester, type SuggesterDeps } from './rule-suggester';

export type LabelFeedbackDeps = SuggesterDeps & Omit<EvaluationDeps, 'labels'>;

export class LabelFeedback {
  readonly suggester: RuleSuggester;

  constructor(private readonly deps: LabelFeedbackDeps) {
    this.suggester = new RuleSuggester(deps);
  }

  start(): void {
    this.suggester.start();
  }

  stop(): Promise<void> {
    return this.suggester.stop();
  }

  evaluate(deviceId: string, signal?: AbortSignal): Promise<ModelEvaluation[]> {
    return evaluateModels(this.deps, deviceId, signal);
  }
}
