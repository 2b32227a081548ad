// Wires detection for the engine: the rule store (config + Settings → Rules, audited), the
// statistics scorer and trend predictor, the per-series detection stage the pipeline runs,
// and the offline watch. Anomalies found between flushes (offline, Sparkplug deaths, models)
// are written on the watch's timer; the pipeline writes those of its own batches. Feedback
// (false-alarm labels suppressing look-alikes) is built here and reads labels once the
// annotation service is connected to it (`feedback.connect`).
import type { DetectedAnomaly } from '../../../shared/contract/detection';
import type { Device, Reading } from '../../../shared/domain';
import type { HistoryStore } from '../history/history-store';
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
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: DetectionDeps,
    config: DetectionConfig,
  ) {
    const { clock, log } = deps;
    this.rules = new RuleStore(deps.db, deps.registry);
    this.rules.load(config.rules, clock());
    const { enabled: statsOn, alarms: statsAlarms, priority: statsPriority, ...statsOptions } = config.stats;
    const stats = new StatsBank(statsOptions);
    this.feedback = new FeedbackSuppressor({
      anomalies: (f) => deps.history.anomalies(f),
      devices: () => deps.registry.list(),
      log,
    });
    const trend = new TrendPredictor(config.trend.window === undefined ? {} : { window: config.trend.window });
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
        trend: { enabled: config.trend.enabled, horizonMs: config.trend.horizonMs, priority: config.trend.priority },
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
