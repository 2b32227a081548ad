// Wires detection for the engine: the rule store (config + Settings → Rules, audited), the
// statistics scorer and trend predictor, the per-series detection stage the pipeline runs,
// and the offline watch. Anomalies found between flushes (offline, Sparkplug deaths, models)
// are written on the watch's timer; the pipeline writes those of its own batches. Feedback
// (false-alarm labels suppressing look-alikes) is built here and reads labels once the
// annotation service is connected to it (`feedback.connect`). With bad-data labels
// (useLabels), bad data stays out of the baselines and a label over readings already learned
// rebuilds them from history (bad-data-guard.ts, bad-data-reseed.ts).
import type { DetectedAnomaly } from '../../../shared/contract/detection';
import type { Device, Reading } from '../../../shared/domain';
import type { AnnotationIndex } from '../annotations/annotation-ports';
import type { HistoryStore } from '../history/history-store';
import { BadDataReseed, type Reseeded } from './bad-data-reseed';
import type { StateDb } from '../state/state-db';
import type { AlarmSink } from './condition';
import type { DetectionConfig } from './detection-config';
import { DetectionStage } from './detection-stage';
import { FeedbackSuppressor } from './feedback/feedback-suppressor';
import { OfflineWatch } from './offline-watch';
import { RuleStore } from './rule-store';
import { StatsBank, TrendPredictor } from './stats';

export interface DetectionDeps {
  db: StateDb;
  registry: {
    get(id: string): Device | undefined;
    signal(deviceId: string, key: string): Device['signals'][number] | undefined;
    list(): Device[];
  };
  alarms: AlarmSink;
  history: Pick<HistoryStore, 'appendAnomalies' | 'anomalies'>;
  clock: () => number;
  log: (message: string) => void;
}

export class Detection {
  readonly rules: RuleStore;
  readonly stage: DetectionStage;
  readonly offline: OfflineWatch;
  readonly feedback: FeedbackSuppressor;
  private readonly stats: StatsBank;
  private readonly trend: TrendPredictor;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: DetectionDeps,
    config: DetectionConfig,
  ) {
    const { clock, log } = deps;
    this.rules = new RuleStore(deps.db, deps.registry, { kindDefaults: config.kindDefaults });
    this.rules.load(config.rules, clock());
    const { enabled: statsOn, alarms: statsAlarms, priority: statsPriority, ...statsOptions } = config.stats;
    const stats = (this.stats = new StatsBank(statsOptions));
    this.feedback = new FeedbackSuppressor({
      anomalies: (f) => deps.history.anomalies(f),
      devices: () => deps.registry.list(),
      log,
    });
    const trend = (this.trend = new TrendPredictor(
      config.trend.window === undefined ? {} : { window: config.trend.window },
    ));
    this.offline = new OfflineWatch(
      {
        devices: () => deps.registry.list(),
        alarms: deps.alarms,
        rules: this.rules.book,
        clock,
        log,
        report: (a) => this.stage.report(a),
      },
      config.offline,
    );
    this.stage = new DetectionStage(
      {
        registry: deps.registry,
        alarms: deps.alarms,
        rules: this.rules.book,
        clock,
        offline: this.offline,
        stats,
        trend,
        feedback: this.feedback,
      },
      {
        stats: { enabled: statsOn, alarms: statsAlarms, priority: statsPriority, threshold: stats.options.threshold },
        trend: {
          enabled: config.trend.enabled,
          horizonMs: config.trend.horizonMs,
          priority: config.trend.priority,
          alarms: config.trend.alarms,
        },
      },
    );
  }

  start(): void {
    this.offline.start();
    // Anomalies found outside a pipeline flush (offline, deaths, models) are written on this beat.
    this.flushTimer = setInterval(() => void this.flush(), Math.max(this.offline.settings.checkIntervalMs, 250));
    this.flushTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.feedback.disconnect();
    this.offline.stop();
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.flush();
  }

  /**
   * Honours bad-data labels: readings inside them stay out of the statistics and the trend, and
   * a label over readings they have learned rebuilds them from history. Returns what stops it.
   */
  useLabels(
    index: AnnotationIndex,
    history: Pick<HistoryStore, 'rawReadings'>,
    onReseeded?: (r: Reseeded) => void,
  ): { stop(): void; idle(): Promise<void> } {
    this.stage.useLabels(index);
    const { alpha, warmup } = this.stats.options;
    const reseed = new BadDataReseed({
      index,
      readings: (series, from, to, limit, newest) => history.rawReadings(series, from, to, limit, newest),
      signalsOf: (id) => this.deps.registry.get(id)?.signals.map((s) => s.key) ?? [],
      stats: this.stats,
      trend: this.trend,
      clock: this.deps.clock,
      log: this.deps.log,
      // About four times the level's memory, at least twice the warm-up.
      replayReadings: Math.min(20_000, Math.max(2 * warmup, Math.ceil(4 / alpha))),
    });
    const stop = reseed.start(onReseeded);
    return { stop, idle: () => reseed.idle() };
  }

  /** The pipeline's detect step: rules, statistics and trend over a durable live batch. */
  process(batch: readonly Reading[]): void {
    this.stage.process(batch);
  }

  /** Writes the anomalies found so far; one write at a time, in order. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const list: DetectedAnomaly[] = this.stage.takeAnomalies();
      if (list.length === 0) return;
      try {
        await this.deps.history.appendAnomalies(list);
      } catch (err) {
        this.deps.log(`${list.length} anomalies not stored: ${(err as Error).message}`);
      }
    });
    return this.writing;
  }
}
