// Exports a fitted PCA model as an ONNX graph. Input `x` is float32 [batch, d] of raw signal
// values in the model's order; normalisation is inside the graph. Outputs, per vector:
// `score` = max(T²/T²limit, Q/Qlimit) (above 1 is anomalous), `t2`, `q`, and `contributions`
// [batch, d], each signal's squared standardised residual, which explains a high Q.
import { encodeModel, floatTensor, int64Tensor, ONNX_FLOAT, type NodeInit } from './onnx-proto';
import type { PcaModel } from './pca-model';

export const PCA_INPUT = 'x';
export const PCA_OUTPUTS = { score: 'score', t2: 't2', q: 'q', contributions: 'contributions' } as const;

export function pcaToOnnx(
  model: PcaModel,
  meta: { name: string; version: string; producerVersion: string },
): Uint8Array {
  const d = model.signals.length;
  const k = model.components;
  const transposed: number[] = new Array<number>(k * d);
  for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) transposed[c * d + j] = model.loadings[j * k + c]!;
  const n = (op_type: string, input: string[], output: string[]): NodeInit => ({ op_type, input, output });
  return encodeModel({
    graphName: meta.name,
    docString: `PCA (T² and Q) over ${model.signals.join(', ')}; ${k} of ${d} components`,
    producerVersion: meta.producerVersion,
    initializers: [
      floatTensor('mean', [d], model.mean),
      floatTensor(
        'inv_std',
        [d],
        model.std.map((s) => 1 / s),
      ),
      floatTensor('loadings', [d, k], model.loadings),
      floatTensor('loadings_t', [k, d], transposed),
      floatTensor(
        'inv_eigenvalues',
        [k],
        model.eigenvalues.map((e) => 1 / e),
      ),
      floatTensor('inv_t2_limit', [], [1 / model.t2Limit]),
      floatTensor('inv_q_limit', [], [1 / model.qLimit]),
      int64Tensor('row_axis', [1], [1]),
    ],
    nodes: [
      n('Sub', [PCA_INPUT, 'mean'], ['centered']),
      n('Mul', ['centered', 'inv_std'], ['z']),
      n('MatMul', ['z', 'loadings'], ['t']),
      n('Mul', ['t', 't'], ['t_sq']),
      n('Mul', ['t_sq', 'inv_eigenvalues'], ['t_scaled']),
      { op_type: 'ReduceSum', input: ['t_scaled', 'row_axis'], output: [PCA_OUTPUTS.t2], attribute: [keepdims0] },
      n('MatMul', ['t', 'loadings_t'], ['reconstructed']),
      n('Sub', ['z', 'reconstructed'], ['residual']),
      n('Mul', ['residual', 'residual'], [PCA_OUTPUTS.contributions]),
      {
        op_type: 'ReduceSum',
        input: [PCA_OUTPUTS.contributions, 'row_axis'],
        output: [PCA_OUTPUTS.q],
        attribute: [keepdims0],
      },
      n('Mul', [PCA_OUTPUTS.t2, 'inv_t2_limit'], ['t2_ratio']),
      n('Mul', [PCA_OUTPUTS.q, 'inv_q_limit'], ['q_ratio']),
      n('Max', ['t2_ratio', 'q_ratio'], [PCA_OUTPUTS.score]),
    ],
    inputs: [{ name: PCA_INPUT, elemType: ONNX_FLOAT, shape: ['batch', d] }],
    outputs: [
      { name: PCA_OUTPUTS.score, elemType: ONNX_FLOAT, shape: ['batch'] },
      { name: PCA_OUTPUTS.t2, elemType: ONNX_FLOAT, shape: ['batch'] },
      { name: PCA_OUTPUTS.q, elemType: ONNX_FLOAT, shape: ['batch'] },
      { name: PCA_OUTPUTS.contributions, elemType: ONNX_FLOAT, shape: ['batch', d] },
    ],
    metadata: {
      'watchfloor.kind': 'pca',
      'watchfloor.name': meta.name,
      'watchfloor.version': meta.version,
      'watchfloor.signals': JSON.stringify(model.signals),
      'watchfloor.components': String(k),
      'watchfloor.explained': model.explained.toFixed(4),
    },
  });
}

/** AttributeProto INT (type 2) keepdims = 0: one value per vector, not [batch, 1]. */
const keepdims0 = { name: 'keepdims', type: 2, i: 0 };
