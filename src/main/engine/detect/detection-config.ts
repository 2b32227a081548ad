// The `detection` section of the configuration file: rules per device and signal, the offline
// watch, the statistics scorer and the trend predictor. Rule entries use the same schema as
// Settings → Rules (src/shared/contract/detection.ts).
import { z } from 'zod';
import { RuleEntry } from '../../../shared/contract/detection';
import { Priority } from '../../../shared/domain';

export const DetectionConfig = z
  .object({
    /** Rules per target; device and signal may be "*". The most specific entry naming a rule kind wins. */
    rules: z.array(RuleEntry).default([]),
    /**
     * Limit alarms take the on-delay, off-delay and deadband of their signal's kind where no rule
     * and no registry value sets them (docs/configuration.md: Alarm defaults). false: no delays,
     * and the registry's deadband only.
     */
    kindDefaults: z.boolean().default(true),
    offline: z
      .object({
        /** After start, nobody is called offline before this: a restart raises no storm. */
        graceMs: z.number().int().min(0).default(60_000),
        checkIntervalMs: z.number().int().min(50).max(60_000).default(1000),
        /** Offline after max(minTimeoutMs, intervalFactor × the fastest expected interval) of silence. */
        minTimeoutMs: z.number().int().min(100).default(30_000),
        intervalFactor: z.number().min(1).max(100).default(3),
      })
      .strict()
      .prefault({}),
    stats: z
      .object({
        enabled: z.boolean().default(true),
        /**
         * Also raise an alarm (kind "anomaly") for each statistical anomaly. Off by default: they
         * are recorded and marked on charts, but a plant's noise would keep the queue busy.
         */
        alarms: z.boolean().default(false),
        priority: Priority.default('low'),
        /** 0..1: higher scores more readily. */
        sensitivity: z.number().min(0).max(1).optional(),
        /** Score (0..1] at or above which a reading is anomalous. */
        threshold: z.number().gt(0).max(1).optional(),
        /** Readings of a series before it is scored. */
        warmup: z.number().int().min(2).optional(),
        seasonality: z.enum(['auto', 'none']).optional(),
      })
      .strict()
      .prefault({}),
    trend: z
      .object({
        enabled: z.boolean().default(true),
        /**
         * Also raise an alarm (kind "trend") for each prediction. Off by default: a prediction is
         * an advisory (ISA-18.2's "alert"), recorded and marked on charts; the limit alarm follows
         * if the value really gets there, and a demanding alarm rate teaches operators to ignore.
         */
        alarms: z.boolean().default(false),
        /** Warn when the fitted trend crosses a limit within this horizon. */
        horizonMs: z
          .number()
          .int()
          .min(1000)
          .default(15 * 60_000),
        /** Readings the trend is fitted on. */
        window: z.number().int().min(3).max(100_000).optional(),
        priority: Priority.default('medium'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type DetectionConfig = z.infer<typeof DetectionConfig>;
