// Exports a fitted dynamic-PCA model (dpca-model.ts) as an ONNX graph. Input `x` is float32
// [batch, (lags + 1)·d]: each row the raw values of the current vector and its `lags`
// predecessors, oldest first (the scoring layer's window). Standardisation is inside the graph.
// Outputs per row: `score` = T² / limit (above 1 is anomalous), `t2`, and `contributions`
// [batch, d], each signal's share of the score summed over its lags (floored at 0).
import type { DpcaModel } from './dpca-model';
import { encodeModel, floatTensor, int64Tensor, ONNX_FLOAT, type NodeInit } from './onnx-proto';

export const DPCA_INPUT = 'x';
export const DPCA_OUTPUTS = { score: 'score', t2: 't2', contributions: 'contributions' } as const;

export function dpcaToOnnx(
  model: DpcaModel,
  meta: { name: string; version: string; producerVersion: string },
): Uint8Array {
  const d = model.signals.length;
  const D = (model.lags + 1) * d;
  const scale = Array.from({ length: D }, (_, p) => 1 / model.std[p % d]!);
  const shift = Array.from({ length: D }, (_, p) => -model.mean[p % d]! / model.std[p % d]! - model.center[p]!);
  // Sums each signal's terms over the lags, scaled to the score.
  const fold = new Array<number>(D * d).fill(0);
  for (let p = 0; p < D; p++) fold[p * d + (p % d)] = 1 / model.limit;
  const n = (op_type: string, input: string[], output: string[]): NodeInit => ({ op_type, input, output });
  return encodeModel({
    graphName: meta.name,
    docString:
      `Dynamic PCA (T² over all ${model.components} components, ${model.lags} lags) over ${model.signals.join(', ')}; ` +
      `limit = ${model.confidence} quantile of ${model.folds}-fold out-of-sample T²`,
    producerVersion: meta.producerVersion,
    initializers: [
      floatTensor('scale', [D], scale),
      floatTensor('shift', [D], shift),
      floatTensor('precision', [D, D], model.precision),
      floatTensor('fold', [D, d], fold),
      floatTensor('inv_limit', [], [1 / model.limit]),
      floatTensor('zero', [], [0]),
      int64Tensor('row_axis', [1], [1]),
    ],
    nodes: [
      n('Mul', [DPCA_INPUT, 'scale'], ['scaled']),
      n('Add', ['scaled', 'shift'], ['y']),
      n('MatMul', ['y', 'precision'], ['u']),
      n('Mul', ['y', 'u'], ['terms']),
      { op_type: 'ReduceSum', input: ['terms', 'row_axis'], output: [DPCA_OUTPUTS.t2], attribute: [keepdims0] },
      n('Mul', [DPCA_OUTPUTS.t2, 'inv_limit'], [DPCA_OUTPUTS.score]),
      n('MatMul', ['terms', 'fold'], ['per_signal']),
      n('Max', ['per_signal', 'zero'], [DPCA_OUTPUTS.contributions]),
    ],
    inputs: [{ name: DPCA_INPUT, elemType: ONNX_FLOAT, shape: ['batch', D] }],
    outputs: [
      { name: DPCA_OUTPUTS.score, elemType: ONNX_FLOAT, shape: ['batch'] },
      { name: DPCA_OUTPUTS.t2, elemType: ONNX_FLOAT, shape: ['batch'] },
      { name: DPCA_OUTPUTS.contributions, elemType: ONNX_FLOAT, shape: ['batch', d] },
    ],
    metadata: {
      'watchfloor.kind': 'dpca',
      'watchfloor.name': meta.name,
      'watchfloor.version': meta.version,
      'watchfloor.signals': JSON.stringify(model.signals),
      'watchfloor.lags': String(model.lags),
      'watchfloor.components': String(model.components),
      'watchfloor.limit': String(model.limit),
    },
  });
}

/** AttributeProto INT (type 2) keepdims = 0: one value per vector, not [batch, 1]. */
const keepdims0 = { name: 'keepdims', type: 2, i: 0 };
