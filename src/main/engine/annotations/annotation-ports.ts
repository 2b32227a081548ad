// What the rest of the engine sees of expert labels: a fast in-memory index of the live
// (not deleted) labels by series, and a change feed. Corrections (bad data out of rollups,
// baselines, prediction and training) and feedback (false alarms suppressing look-alikes, rule
// suggestions, model evaluation) read labels only through this port; the annotation service
// (annotation-service.ts) implements it over state.db.
import type { AnnotationTarget, Verdict } from '../../../shared/contract/annotations';

/** A live label, as the engine's other parts need it. */
export interface LabelRange {
  readonly id: string;
  readonly deviceId: string;
  /** A signal, or "*" for the whole device. */
  readonly signal: string;
  readonly from: number;
  readonly to: number;
  readonly verdict: Verdict;
  readonly cause: string | null;
  readonly text: string;
  readonly author: string;
  readonly target: AnnotationTarget;
  readonly revision: number;
}

/** A label came, changed or went: before and after (null when it did not exist or was deleted). */
export interface LabelChange {
  readonly action: 'create' | 'update' | 'delete' | 'restore' | 'import' | 'corrections';
  readonly before: LabelRange | null;
  readonly after: LabelRange | null;
}

export interface AnnotationIndex {
  /** Moves on whenever any label changes (cheap to compare per batch). */
  readonly revision: number;
  /**
   * Live labels of a series — its own and its device's whole-device ("*") labels — that overlap
   * [from, to], oldest first; only these verdicts when given.
   */
  rangesOf(deviceId: string, signal: string, from: number, to: number, verdicts?: readonly Verdict[]): LabelRange[];
  /** The live label of this verdict covering `ts` on the series (or its device), if any. Called per reading: fast. */
  covering(deviceId: string, signal: string, ts: number, verdict: Verdict): LabelRange | undefined;
  /** Every change, after it is stored. Returns a function that stops listening. */
  onChange(listener: (change: LabelChange) => void): () => void;
}
