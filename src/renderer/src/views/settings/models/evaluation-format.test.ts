import { describe, expect, it } from 'vitest';
import type { ModelEvaluation } from '../../../../../shared/contract/annotations';
import { f1Text, hasNoLabels, pct, shadowBesideActive } from './evaluation-format';

const e = (modelId: string, status: ModelEvaluation['status'], p: Partial<ModelEvaluation> = {}): ModelEvaluation => ({
  modelId,
  status,
  positives: 0,
  detected: 0,
  negatives: 0,
  falseAlarms: 0,
  precision: null,
  recall: null,
  f1: null,
  unscored: 0,
  ...p,
});

describe('evaluation wording', () => {
  it('shows undefined figures as a dash, others as percent and two decimals', () => {
    expect([pct(null), pct(0.666), f1Text(null), f1Text(2 / 3)]).toEqual(['—', '67 %', '—', '0.67']);
  });

  it('puts the shadow before the active model, leaves retired ones out, and knows when nothing is labelled', () => {
    const list = [e('v1', 'active'), e('v0', 'retired'), e('v2', 'shadow', { unscored: 1 })];
    expect(shadowBesideActive(list).map((x) => x.modelId)).toEqual(['v2', 'v1']);
    expect(hasNoLabels(list[0]!)).toBe(true);
    expect(hasNoLabels(list[2]!)).toBe(false);
  });
});
