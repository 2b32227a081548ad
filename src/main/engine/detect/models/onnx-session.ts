// One ONNX model loaded in onnxruntime-node, scoring batches of vectors. Every score in
// Watchfloor comes out of here — the runtime runs the graph, nothing re-implements it.
// Sessions use one thread each: the engine shares two cores with ingest and history, and a
// batch of a thousand vectors through a small graph takes well under a millisecond anyway.
import { InferenceSession, Tensor } from 'onnxruntime-node';

export interface SessionIo {
  input: string;
  /** The anomaly score output: one value per vector. */
  output: string;
  /** Optional [batch, d] output of per-signal contributions (Watchfloor's own PCA models). */
  contributions?: string;
}

export interface BatchScores {
  score: Float32Array;
  contributions: Float32Array | null;
}

export type TensorInfo = { name: string; type: string | null; shape: (number | string)[] | null };

export class OnnxSession {
  private constructor(
    private readonly session: InferenceSession,
    readonly io: SessionIo,
  ) {}

  /** Loads a model from its bytes or a file path. Throws the runtime's own reason when it cannot. */
  static async load(model: Uint8Array | string, io: SessionIo): Promise<OnnxSession> {
    const options: InferenceSession.SessionOptions = {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    };
    const session =
      typeof model === 'string'
        ? await InferenceSession.create(model, options)
        : await InferenceSession.create(model, options);
    return new OnnxSession(session, io);
  }

  /** The same loaded model, read through other input and output names. */
  withIo(io: SessionIo): OnnxSession {
    return new OnnxSession(this.session, io);
  }

  get inputs(): TensorInfo[] {
    return this.session.inputMetadata.map(describe);
  }

  get outputs(): TensorInfo[] {
    return this.session.outputMetadata.map(describe);
  }

  /**
   * Scores `n` vectors given row-major in `rows` with `shape` = the input tensor's shape
   * (e.g. [n, d], or [n, window, d]).
   */
  async run(rows: Float32Array, shape: number[]): Promise<BatchScores> {
    const feeds = { [this.io.input]: new Tensor('float32', rows, shape) };
    const fetches = this.io.contributions ? [this.io.output, this.io.contributions] : [this.io.output];
    const out = await this.session.run(feeds, fetches);
    const score = out[this.io.output]!.data as Float32Array;
    const contributions = this.io.contributions ? (out[this.io.contributions]!.data as Float32Array) : null;
    for (const t of Object.values(out)) t.dispose();
    return { score, contributions };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function describe(m: InferenceSession.ValueMetadata): TensorInfo {
  return m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: null, shape: null };
}
