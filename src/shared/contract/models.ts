// Model shapes of the contract: the registry of per-device multivariate models (trained here or
// supplied as ONNX files with a manifest), their lifecycle (shadow → active → retired, one-step
// rollback), training as a job, and the comparison of a shadow model against the active one.
import { z } from 'zod';
import { Job } from './history';

export const ModelStatus = z.enum(['shadow', 'active', 'retired']);
export type ModelStatus = z.infer<typeof ModelStatus>;

export const ModelInfo = z.object({
  /** `<device>@v<version>` for trained models, `user:<name>@v<version>` for supplied ones. */
  id: z.string(),
  deviceId: z.string(),
  version: z.number().int(),
  /** 'dpca' (trained here: dynamic PCA, T² over all components), 'pca' (trained by earlier versions: T² and Q) or 'onnx' (a supplied model). */
  kind: z.enum(['pca', 'dpca', 'onnx']),
  source: z.enum(['trained', 'user']),
  status: ModelStatus,
  /** Input signals, in the model's column order. */
  signals: z.array(z.string()),
  /** Scores above this are anomalous. */
  threshold: z.number(),
  trainedFrom: z.number().nullable(),
  trainedTo: z.number().nullable(),
  /** Training figures: vectors, components, explained variance, limits, share above threshold… */
  metrics: z.record(z.string(), z.number()),
  createdAt: z.number(),
  activatedAt: z.number().nullable(),
  retiredAt: z.number().nullable(),
  /** Where the .onnx file is, on the engine's machine. */
  file: z.string(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

/** A supplied model that could not be used, and why. */
export const RejectedModel = z.object({ file: z.string(), reason: z.string() });
export type RejectedModel = z.infer<typeof RejectedModel>;

const DeviceId = z.string().min(1).max(128);
const ModelId = z.object({ id: z.string().min(1).max(300) }).strict();

export const ModelTrainParams = z
  .object({
    deviceId: DeviceId,
    /** Training range; defaults to the last 7 days. Shorter than models.minTrainingSpan (24 h) is refused. */
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    /** Signals to use, in order; defaults to every configured signal of the device. */
    signals: z.array(z.string().min(1)).min(1).max(64).optional(),
    /**
     * 'dpca' (default): dynamic PCA, T² of the lagged vector over all components, lags and limit
     * chosen by rule from the history; 'pca': the static PCA (T² and Q) of earlier versions.
     */
    kind: z.enum(['dpca', 'pca']).default('dpca'),
    /** PCA only: keep the fewest components explaining at least this share of the variance. */
    varianceTarget: z.number().gt(0).lt(1).default(0.9),
  })
  .strict()
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, {
    message: '"from" must be before "to"',
    path: ['to'],
  });

export const ModelScoreSeries = z.object({
  modelId: z.string(),
  version: z.number().int(),
  status: ModelStatus,
  threshold: z.number(),
  /** Bucket starts and the highest score in each bucket. */
  ts: z.array(z.number()),
  score: z.array(z.number()),
  /** Vectors scored in the period, and how many of them were above threshold. */
  scored: z.number().int(),
  above: z.number().int(),
});
export type ModelScoreSeries = z.infer<typeof ModelScoreSeries>;

export const ModelCompareParams = z
  .object({
    deviceId: DeviceId,
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    maxPoints: z.number().int().min(10).max(5000).default(500),
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: '"from" must not be after "to"', path: ['to'] });

export const modelsRequests = {
  /** Every model in the registry (optionally of one device), and supplied models that were refused. */
  'models.list': {
    params: z.object({ deviceId: DeviceId.optional() }).strict(),
    result: z.object({
      models: z.array(ModelInfo),
      rejected: z.array(RejectedModel),
      /** models.minTrainingSpan (ms): a training range shorter than this is refused (0: no minimum). */
      minTrainingSpanMs: z.number(),
    }),
  },
  /** Trains a new version from clean history; it starts in shadow. Follow the job for progress. */
  'models.train': { params: ModelTrainParams, result: Job },
  /** Makes a model its device's active one; the previous active one is retired (and remembered for rollback). */
  'models.activate': { params: ModelId, result: ModelInfo },
  'models.retire': { params: ModelId, result: ModelInfo },
  /** Retires the device's active model and re-activates the one it replaced. */
  'models.rollback': { params: z.object({ deviceId: DeviceId }).strict(), result: ModelInfo },
  /** Scores of every model of a device (active and shadow) over the same period. */
  'models.compare': { params: ModelCompareParams, result: z.array(ModelScoreSeries) },
} as const;

export const modelsStreams = {} as const;
