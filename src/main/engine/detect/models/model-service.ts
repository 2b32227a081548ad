// The engine's models: the registry, supplied models found in the model folders, training jobs,
// live scoring and the comparison of shadow against active. Built by the composition root;
// `attach` connects scoring to the detection stage (batches in, anomalies and alarm
// conditions out) once it exists.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DetectedAnomaly, Job, ModelInfo, ModelScoreSeries, RejectedModel } from '../../../../shared/contract';
import type { Device, Reading } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { DEFAULT_MIN_TRAINING_SPAN_MS, spanRefusal } from '../../../../shared/training-span';
import type { AnnotationIndex } from '../../annotations/annotation-ports';
import type { JobRegistry } from '../../jobs/job-registry';
import type { StateDb } from '../../state/state-db';
import type { AlarmSink } from '../condition';
import type { LookAlikeJudge } from '../feedback/feedback-suppressor';
import { checkManifest, ManifestError } from './model-manifest';
import { ModelRegistry, publicInfo } from './model-registry';
import { ModelScores } from './model-scores';
import { ModelScoring } from './model-scoring';
import { trainModel, type TrainerDeps } from './model-trainer';

const DAY = 86_400_000;

export interface ModelsConfig {
  /** Folders with supplied models (manifest JSON + .onnx); <data>/models is always searched. */
  dirs: string[];
  /** Scores kept this many days. */
  scoreRetentionDays: number;
  /** A held signal value older than this makes a device vector stale. */
  maxVectorAgeMs: number;
  /** Vectors above threshold (k) among the last `persistenceWindow` (n) before an active model raises. */
  persistence: number;
  /** n of the k-of-n rule; absent = k (k consecutive vectors). */
  persistenceWindow?: number;
  /** The shortest history (ms, first to last clean vector) a model is trained on; 0 = no rule. */
  minTrainingSpan: number;
}

export const DEFAULT_MODELS_CONFIG: ModelsConfig = {
  dirs: [],
  scoreRetentionDays: 30,
  maxVectorAgeMs: 60_000,
  persistence: 3,
  minTrainingSpan: DEFAULT_MIN_TRAINING_SPAN_MS,
};

export interface ModelServiceDeps {
  db: StateDb;
  /** Expert labels: training leaves their unclean ranges out. */
  labels: AnnotationIndex;
  dataDir: string;
  jobs: JobRegistry;
  device: (id: string) => Device | undefined;
  rawReadings: TrainerDeps['rawReadings'];
  clock: () => number;
  log: (message: string) => void;
  version: string;
}

export interface DetectionHooks {
  /** Subscribes to every durable live batch; returns the unsubscribe. */
  observe: (observer: (batch: readonly Reading[]) => void) => () => void;
  report?: (anomaly: DetectedAnomaly) => void;
  alarms?: AlarmSink;
  feedback?: LookAlikeJudge;
}

export class ModelService {
  readonly registry: ModelRegistry;
  readonly scores: ModelScores;
  scoring: ModelScoring;
  private rejected: RejectedModel[] = [];
  private detach: (() => void) | null = null;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ModelServiceDeps,
    private readonly config: ModelsConfig = DEFAULT_MODELS_CONFIG,
  ) {
    this.registry = new ModelRegistry(deps.db, deps.clock);
    this.scores = new ModelScores(deps.db);
    this.scoring = new ModelScoring({
      scores: this.scores,
      log: deps.log,
      maxAgeMs: config.maxVectorAgeMs,
      persistence: config.persistence,
      persistenceWindow: config.persistenceWindow,
    });
    this.registry.onChange(() => void this.reload());
  }

  async start(): Promise<void> {
    await this.syncSupplied();
    await this.reload();
    this.pruneTimer = setInterval(() => this.prune(), 3_600_000);
    this.pruneTimer.unref?.();
    this.prune();
  }

  /** Connects scoring to the detection stage: batches in, anomalies and conditions out. */
  attach(hooks: DetectionHooks): void {
    this.detach?.();
    const scoring = new ModelScoring({
      scores: this.scores,
      log: this.deps.log,
      maxAgeMs: this.config.maxVectorAgeMs,
      persistence: this.config.persistence,
      persistenceWindow: this.config.persistenceWindow,
      alarms: hooks.alarms,
      report: hooks.report,
      feedback: hooks.feedback,
    });
    const old = this.scoring;
    this.scoring = scoring;
    void old.stop();
    this.detach = hooks.observe((batch) => this.scoring.observe(batch));
    void this.reload();
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.detach?.();
    await this.reloading;
    await this.scoring.stop();
  }

  /** Waits until sessions are (re)loaded and every observed vector is scored. */
  async idle(): Promise<void> {
    await this.reloading;
    await this.scoring.idle();
  }

  list(deviceId?: string): { models: ModelInfo[]; rejected: RejectedModel[]; minTrainingSpanMs: number } {
    return {
      models: this.registry.list(deviceId).map(publicInfo),
      rejected: this.rejected,
      minTrainingSpanMs: this.config.minTrainingSpan,
    };
  }

  train(p: {
    deviceId: string;
    from?: number;
    to?: number;
    signals?: string[];
    kind?: 'dpca' | 'pca';
    varianceTarget: number;
  }): Job {
    if (!this.deps.device(p.deviceId)) throw new EngineError('NOT_FOUND', `no device ${p.deviceId}`);
    const to = p.to ?? this.deps.clock();
    const from = p.from ?? to - 7 * DAY;
    if (from >= to) throw new EngineError('BAD_REQUEST', '"from" must be before "to"');
    // A range shorter than the minimum cannot hold a history long enough: refused before a job starts.
    const short = spanRefusal(to - from, this.config.minTrainingSpan);
    if (short) throw new EngineError('INVALID_STATE', `model refused: ${short}`);
    return this.deps.jobs.start('train', { path: null, download: null }, async (job) => {
      const model = await trainModel(
        {
          registry: this.registry,
          labels: this.deps.labels,
          device: this.deps.device,
          rawReadings: this.deps.rawReadings,
          dataDir: this.deps.dataDir,
          version: this.deps.version,
          maxAgeMs: this.config.maxVectorAgeMs,
          minTrainingSpanMs: this.config.minTrainingSpan,
          sustain: {
            k: this.config.persistence,
            n: Math.max(this.config.persistence, this.config.persistenceWindow ?? this.config.persistence),
          },
        },
        { deviceId: p.deviceId, from, to, signals: p.signals, kind: p.kind, varianceTarget: p.varianceTarget },
        (f, rows) => job.progress(f, rows),
        job.signal,
      );
      this.deps.log(`trained ${model.id} on ${model.metrics.vectors} vectors (shadow)`);
      return model.metrics.vectors ?? 0;
    });
  }

  activate(id: string): ModelInfo {
    return publicInfo(this.registry.activate(id));
  }

  retire(id: string): ModelInfo {
    return publicInfo(this.registry.retire(id));
  }

  rollback(deviceId: string): ModelInfo {
    return publicInfo(this.registry.rollback(deviceId));
  }

  compare(p: { deviceId: string; from: number; to: number; maxPoints: number }): ModelScoreSeries[] {
    const models = this.registry.list(p.deviceId).filter((m) => m.status !== 'retired' || m.retiredAt! >= p.from);
    return this.scores.series(models, p.from, p.to, p.maxPoints);
  }

  /** Registers the supplied models of every model folder; refused ones are listed with the reason. */
  async syncSupplied(): Promise<void> {
    const dirs = [join(this.deps.dataDir, 'models'), ...this.config.dirs];
    const rejected: RejectedModel[] = [];
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        if (!name.endsWith('.json')) continue;
        const file = join(dir, name);
        try {
          const { manifest, file: onnx, io } = await checkManifest(file);
          if (!this.deps.device(manifest.device)) {
            throw new ManifestError(`device "${manifest.device}" is not in the registry`);
          }
          const id = `user:${manifest.name}@v${manifest.version}`;
          const fields = {
            signals: manifest.inputs,
            threshold: manifest.threshold,
            io,
            file: onnx,
            deviceId: manifest.device,
          };
          if (this.registry.find(id)) this.registry.refresh(id, fields);
          else {
            this.registry.add({
              id,
              version: manifest.version,
              kind: 'onnx',
              source: 'user',
              trainedFrom: null,
              trainedTo: null,
              metrics: {},
              ...fields,
            });
          }
        } catch (err) {
          const reason = err instanceof ManifestError ? err.message : `unexpected: ${(err as Error).message}`;
          rejected.push({ file, reason });
          this.deps.log(`model manifest ${basename(file)} refused: ${reason}`);
        }
      }
    }
    this.rejected = rejected;
  }

  private reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.scoring.load(this.registry.scoring()));
    return this.reloading;
  }

  private prune(): void {
    try {
      this.scores.prune(this.deps.clock() - this.config.scoreRetentionDays * DAY);
    } catch (err) {
      this.deps.log(`model score pruning failed: ${(err as Error).message}`);
    }
  }
}
