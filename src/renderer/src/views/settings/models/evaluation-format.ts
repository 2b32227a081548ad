// How a model's evaluation against labels reads: precision and recall as percentages, F1 to two
// decimals, "—" where the engine says there is nothing to divide by, and whether there are any
// labels to judge by at all.
import type { ModelEvaluation } from '../../../../../shared/contract/annotations';

export const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)} %`);
export const f1Text = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

/** No labelled range judges this model (none at all, not even unscored ones). */
export function hasNoLabels(e: Pick<ModelEvaluation, 'positives' | 'negatives' | 'unscored'>): boolean {
  return e.positives + e.negatives + e.unscored === 0;
}

/** The shadow and active evaluations, shadow first (what an engineer compares before activating). */
export function shadowBesideActive(list: readonly ModelEvaluation[]): ModelEvaluation[] {
  const order = { shadow: 0, active: 1, retired: 2 } as const;
  return list.filter((e) => e.status !== 'retired').sort((a, b) => order[a.status] - order[b.status]);
}
