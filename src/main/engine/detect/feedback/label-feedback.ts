// What detection learns from expert labels, as one engine service: rule suggestions (started and
// stopped with the engine, listening to label and rule changes) and models evaluated against the
// labelled ranges on request. Labels come only through the AnnotationIndex port.
import type { ModelEvaluation } from '../../../../shared/contract/annotations';
import type { AnnotationIndex } from '../../annotations/annotation-ports';
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

  evaluate(deviceId: string): Promise<ModelEvaluation[]> {
    return evaluateModels({ ...this.deps, labels: this.deps.labels }, deviceId);
  }
}

/** An index with no labels: what the engine has until the annotation service is wired in. */
export const NO_LABELS: AnnotationIndex = Object.freeze({
  revision: 0,
  rangesOf: () => [],
  covering: () => undefined,
  onChange: () => () => {},
});
