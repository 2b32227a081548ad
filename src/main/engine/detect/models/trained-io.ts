// How to feed and read the graphs Watchfloor trains itself: one place for the trainer, `eval
// tep` and the benchmarks, so that what is evaluated is fed exactly as the engine feeds it.
import { DPCA_INPUT, DPCA_OUTPUTS } from './dpca-onnx';
import type { ModelIo } from './model-registry';
import { PCA_INPUT, PCA_OUTPUTS } from './pca-onnx';

/** The dynamic PCA reads `window` consecutive vectors per row; the static PCA one. */
export function trainedIo(kind: 'dpca' | 'pca', window: number): ModelIo {
  return kind === 'dpca'
    ? {
        input: DPCA_INPUT,
        output: DPCA_OUTPUTS.score,
        contributions: DPCA_OUTPUTS.contributions,
        window,
        normalization: null,
        rank: 2,
      }
    : {
        input: PCA_INPUT,
        output: PCA_OUTPUTS.score,
        contributions: PCA_OUTPUTS.contributions,
        window: 1,
        normalization: null,
        rank: 2,
      };
}
