// Supplied models: an ONNX file with a manifest (JSON) that says which device's signals feed it
// and in what order, how many consecutive vectors make one input row (window), how to
// normalise them, which output is the score and above what it is anomalous. A manifest is
// checked with its schema, then against the model itself: the session must load, the named
// input and output must exist with compatible types and shapes, and a trial batch must give
// one finite score per vector. Anything wrong is refused with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { OnnxSession, type TensorInfo } from './onnx-session';
import type { ModelIo } from './model-registry';

export const ModelManifest = z
  .object({
    /** Names the model in the registry: letters, digits, . _ - */
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only'),
    version: z.number().int().min(1).default(1),
    description: z.string().max(2000).optional(),
    /** The device whose signals feed it. */
    device: z.string().min(1).max(128),
    /** The .onnx file, relative to the manifest. */
    model: z.string().min(1),
    /** Input signals, in the order of the model's input columns. */
    inputs: z
      .array(z.string().min(1))
      .min(1)
      .max(256)
      .refine((a) => new Set(a).size === a.length, 'an input signal is listed twice'),
    /** Consecutive vectors per input row, oldest first: [batch, window·d] or [batch, window, d]. */
    window: z.number().int().min(1).max(1024).default(1),
    /** Per-signal (x − mean) / std applied before the model, or "none" when the graph does it. */
    normalization: z
      .union([
        z.literal('none'),
        z
          .object({
            mean: z.array(z.number()),
            std: z.array(z.number().positive('a std must be above 0')),
          })
          .strict(),
      ])
      .default('none'),
    /** The input tensor's name; defaults to the model's only input. */
    input: z.string().min(1).optional(),
    /** The output holding one score per vector. */
    output: z.string().min(1),
    /** Scores above this are anomalous. */
    threshold: z.number().refine(Number.isFinite, 'must be a finite number'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.normalization === 'none') return;
    for (const key of ['mean', 'std'] as const) {
      if (m.normalization[key].length !== m.inputs.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['normalization', key],
          message: `has ${m.normalization[key].length} values for ${m.inputs.length} inputs`,
        });
      }
    }
  });
export type ModelManifest = z.infer<typeof ModelManifest>;

export interface CheckedModel {
  manifest: ModelManifest;
  file: string;
  io: ModelIo;
}

export class ManifestError extends Error {}

function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function shapeText(shape: TensorInfo['shape']): string {
  return shape ? `[${shape.join(', ')}]` : 'no shape';
}

/** Reads and checks a manifest and its model. Throws ManifestError with the reason. */
export async function checkManifest(manifestFile: string): Promise<CheckedModel> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new ManifestError(`not readable JSON: ${(err as Error).message}`);
  }
  const parsed = ModelManifest.safeParse(json);
  if (!parsed.success) throw new ManifestError(`invalid manifest: ${zodReason(parsed.error)}`);
  const manifest = parsed.data;
  const file = isAbsolute(manifest.model) ? manifest.model : resolve(dirname(manifestFile), manifest.model);
  if (!existsSync(file)) throw new ManifestError(`model file ${manifest.model} not found next to the manifest`);

  let session: OnnxSession;
  try {
    session = await OnnxSession.load(file, { input: manifest.input ?? '', output: manifest.output });
  } catch (err) {
    throw new ManifestError(`onnxruntime cannot load ${manifest.model}: ${(err as Error).message}`);
  }
  try {
    const io = checkIo(manifest, session.inputs, session.outputs);
    // A trial batch of two vectors (the normalisation means, or zeros) must give two finite scores.
    const checked = session.withIo({ input: io.input, output: io.output });
    {
      const d = manifest.inputs.length;
      const row = new Float32Array(manifest.window * d);
      const batch = new Float32Array(2 * row.length);
      const shape = io.rank === 3 ? [2, manifest.window, d] : [2, manifest.window * d];
      let out: Float32Array;
      try {
        out = (await checked.run(batch, shape)).score;
      } catch (err) {
        throw new ManifestError(`a trial batch failed in onnxruntime: ${(err as Error).message}`);
      }
      if (out.length !== 2) {
        throw new ManifestError(
          `output "${io.output}" gave ${out.length} values for 2 vectors; it needs one score per vector`,
        );
      }
      if (!out.every(Number.isFinite)) throw new ManifestError(`output "${io.output}" is not finite on a trial batch`);
    }
    return { manifest, file, io };
  } finally {
    await session.release();
  }
}

function checkIo(m: ModelManifest, inputs: TensorInfo[], outputs: TensorInfo[]): ModelIo {
  const names = inputs.map((i) => i.name);
  let input: TensorInfo | undefined;
  if (m.input) {
    input = inputs.find((i) => i.name === m.input);
    if (!input) throw new ManifestError(`the model has no input "${m.input}" (it has ${names.join(', ')})`);
  } else if (inputs.length === 1) {
    input = inputs[0];
  } else {
    throw new ManifestError(`the model has ${inputs.length} inputs (${names.join(', ')}); name one in "input"`);
  }
  if (inputs.length > 1) {
    throw new ManifestError(`the model needs ${inputs.length} inputs (${names.join(', ')}); Watchfloor feeds one`);
  }
  if (input!.type !== 'float32') {
    throw new ManifestError(`input "${input!.name}" is ${input!.type ?? 'not a tensor'}; it must be float32`);
  }
  const d = m.inputs.length;
  const shape = input!.shape ?? [];
  const fixed = (dim: number | string | undefined, want: number) => typeof dim !== 'number' || dim === want || dim < 0;
  let rank: 2 | 3;
  if (shape.length === 2 && fixed(shape[1], m.window * d)) rank = 2;
  else if (shape.length === 3 && fixed(shape[1], m.window) && fixed(shape[2], d)) rank = 3;
  else {
    throw new ManifestError(
      `input "${input!.name}" has shape ${shapeText(shape)}; for ${d} signals and window ${m.window} it must be ` +
        `[batch, ${m.window * d}]${m.window > 1 ? ` or [batch, ${m.window}, ${d}]` : ''}`,
    );
  }
  const output = outputs.find((o) => o.name === m.output);
  if (!output) {
    throw new ManifestError(`the model has no output "${m.output}" (it has ${outputs.map((o) => o.name).join(', ')})`);
  }
  if (output.type !== 'float32') {
    throw new ManifestError(`output "${m.output}" is ${output.type ?? 'not a tensor'}; it must be float32`);
  }
  const os = output.shape ?? [];
  if (!(os.length === 1 || (os.length === 2 && fixed(os[1], 1)))) {
    throw new ManifestError(`output "${m.output}" has shape ${shapeText(os)}; it must be [batch] or [batch, 1]`);
  }
  return {
    input: input!.name,
    output: m.output,
    window: m.window,
    normalization: m.normalization === 'none' ? null : m.normalization,
    rank,
  };
}
