// The engine's configuration: one schema, parsed once at the entry point into a frozen object.
// Every field has a default so that an empty configuration runs the embedded broker and the
// simulator of the default fleet.
import { z } from 'zod';
import { AssistantConfig } from '../../../shared/contract/assistant';
import { NotificationsConfig } from '../../../shared/contract/notifications';
import { Device } from '../../../shared/domain';
import { READING_TIME_DEFAULTS, ReadingTimes } from '../../../shared/source-config';
import { fileLists, singleFileSections } from '../../../shared/sources/source-kind';
import { SINGLE_SOURCE_KINDS, SOURCE_KINDS } from '../../../shared/sources/source-kinds';
import { parseDuration } from '../../../shared/training-span';
import { DetectionConfig } from '../detect/detection-config';
import defaults from '../../../../resources/default-config.json';

const Port = z.number().int().min(0).max(65535);

export { HttpIngestConfig } from '../../../shared/sources/http-ingest-schema';
export { KafkaSourceConfig } from '../../../shared/sources/kafka-schema';
export { MqttSourceConfig } from '../../../shared/sources/mqtt-schema';

/**
 * `ingest.maxClockSkewMs`, from before the two limits, keeps meaning what it meant — that far
 * from the engine's clock either way — unless the new keys are given too. The engine logs that
 * it is deprecated.
 */
function fromClockSkew(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const skew = (input as { maxClockSkewMs?: unknown }).maxClockSkewMs;
  if (skew === undefined) return input;
  return { maxFutureMs: skew, maxAgeMs: skew, ...input };
}

/** A file from before the modes that sets `anomalyRate` meant injection at that rate: it still does. */
function injectionWhenRateGiven(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const given = input as { anomalyRate?: unknown; mode?: unknown };
  return given.anomalyRate !== undefined && given.mode === undefined ? { ...given, mode: 'injection' } : input;
}

export const ConfigSchema = z
  .object({
    /** Absolute and real (symlinks resolved) once loadConfig has run. */
    dataDir: z.string().min(1),
    /**
     * Set by loadConfig, not by hand: the directory as the command line or file spelled it.
     * Only read when an installation from before `<data>/station-id` gets that file, so it
     * keeps the MQTT client id (and the broker session) it had.
     */
    dataDirAsGiven: z.string().min(1).optional(),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: Port.default(5780),
        /** Host names besides the machine's own that browsers may use to reach the engine (docs/administration.md: Security). */
        allowedHosts: z.array(z.string().min(1)).default([]),
        /** Page origins besides the engine's own that may open the WebSocket and write (a reverse proxy's). */
        allowedOrigins: z.array(z.string().min(1)).default([]),
        /** Calls per client address and minute; over it, 429 with Retry-After (or RATE_LIMITED). */
        rateLimits: z
          .object({
            restWritesPerMinute: z.number().int().min(1).default(100),
            restReadsPerMinute: z.number().int().min(1).default(1200),
            wsRequestsPerMinute: z.number().int().min(1).default(3000),
          })
          .strict()
          .prefault({}),
        /**
         * How long the engine keeps the events of resumable streams (alarm changes and the like)
         * for clients that lost their connection to resume from (docs/developer-guide.md: Resume).
         */
        replayMinutes: z
          .number()
          .min(10)
          .max(24 * 60)
          .default(15),
        /** GET /metrics, the engine's own metrics for Prometheus (docs/administration.md: Monitoring Watchfloor). */
        metrics: z
          .object({
            /** `serve` answers GET /metrics (protected like the REST API). */
            enabled: z.boolean().default(true),
            /**
             * The desktop app's engine has no HTTP server: with a port here it listens on
             * host:port for GET /metrics only (API tokens with the metrics scope; off by default).
             */
            desktop: z
              .object({ host: z.string().default('127.0.0.1'), port: Port })
              .strict()
              .optional(),
          })
          .strict()
          .prefault({}),
        /** POST /api/import/upload takes files up to this size. */
        maxUploadBytes: z
          .number()
          .int()
          .min(1)
          .default(1024 * 1024 * 1024),
        /** HTTPS and WSS on the same port, from PEM files (docs/administration.md: Security). */
        tls: z
          .object({
            /** The certificate (chain), PEM. */
            cert: z.string().min(1),
            /** Its private key, PEM (unencrypted; readable by the engine's user only). */
            key: z.string().min(1),
            /** Intermediate or CA certificates to send with it, PEM. */
            ca: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Users and sessions (docs/administration.md: Users and roles). */
    security: z
      .object({
        /** A session ends this many hours after sign-in, whatever happens. */
        sessionHours: z
          .number()
          .positive()
          .max(24 * 366)
          .default(12),
        /** Engineer and admin screens lock after this many idle minutes (viewers and operators never do). */
        idleLockMinutes: z
          .number()
          .positive()
          .max(24 * 60)
          .default(15),
      })
      .strict()
      .prefault({}),
    broker: z
      .object({
        /** Run an MQTT broker inside the engine (for sites without one, and for first run). */
        embedded: z.boolean().default(true),
        host: z.string().default('127.0.0.1'),
        /** Preferred port; when taken, a free one is used and reported in health. */
        port: Port.default(1883),
      })
      .strict()
      .prefault({}),
    sources: z
      .object({
        /** One list per registered source kind (mqtt, kafka, …), with the kind's default. */
        ...fileLists(SOURCE_KINDS),
        /** One section per single-instance kind (http), with its default. */
        ...singleFileSections(SINGLE_SOURCE_KINDS),
      })
      .strict()
      .prefault({}),
    simulator: z
      .preprocess(
        injectionWhenRateGiven,
        z
          .object({
            enabled: z.boolean().default(true),
            /**
             * "episodes": a plant that runs quietly, with an occasional spike, excursion, stuck value or
             * dropout (a handful of alarms an hour). "injection": the specification's anomaly
             * injection, each reading pushed past a limit with probability `anomalyRate` (demos, load).
             */
            mode: z.enum(['episodes', 'injection']).default('episodes'),
            /** injection: the share of published values pushed outside the alarm limits (5 %). */
            anomalyRate: z.number().min(0).max(1).default(0.05),
            /** episodes: limit-crossing episodes per hour across the plant (each raises one alarm). */
            alarmEpisodesPerHour: z.number().min(0).max(3600).default(5),
            /** episodes: episodes that cross no limit (stuck value, brief dropout) per hour across the plant. */
            quietEpisodesPerHour: z.number().min(0).max(3600).default(8),
            /** Where it publishes; omitted means the embedded broker. */
            url: z.string().url().optional(),
            topicPrefix: z.string().default('watchfloor/devices'),
            seed: z.number().int().optional(),
          })
          .strict(),
      )
      .prefault({}),
    ingest: z
      .preprocess(
        fromClockSkew,
        z
          .object({
            /** Unknown devices become visible, unconfigured devices; false sends them to dead letters. */
            autoRegister: z.boolean().default(true),
            maxPayloadBytes: z
              .number()
              .int()
              .positive()
              .default(256 * 1024),
            /** Reading times taken and live (docs/configuration.md: Payloads); Settings → Sources overrides them. */
            maxFutureMs: ReadingTimes.shape.maxFutureMs.default(READING_TIME_DEFAULTS.maxFutureMs),
            maxAgeMs: ReadingTimes.shape.maxAgeMs.default(READING_TIME_DEFAULTS.maxAgeMs),
            liveWindowMs: ReadingTimes.shape.liveWindowMs.default(READING_TIME_DEFAULTS.liveWindowMs),
            /** Before maxFutureMs and maxAgeMs: one limit both ways. Read as both (fromClockSkew). */
            maxClockSkewMs: z.number().int().positive().optional(),
            /** Under load, commits to history at most this often (each costs a WAL sync). */
            commitIntervalMs: z.number().int().min(0).max(1000).default(10),
            /** Signals one device may have registered from the wire; a reading for one more is dead-lettered. */
            maxSignalsPerDevice: z.number().int().positive().default(1000),
            /** Bounds on the dead-letter table; the oldest letters go first, and are counted. */
            deadLetters: z
              .object({
                maxRows: z.number().int().positive().default(50_000),
                maxBytes: z
                  .number()
                  .int()
                  .positive()
                  .default(64 * 1024 * 1024),
                maxAgeDays: z.number().positive().default(30),
              })
              .strict()
              .prefault({}),
          })
          .strict(),
      )
      .prefault({}),
    history: z
      .object({
        retention: z
          .object({
            /** Days kept per tier; null keeps forever. */
            rawDays: z.number().positive().nullable().default(90),
            minuteDays: z.number().positive().nullable().default(365),
            hourDays: z.number().positive().nullable().default(null),
            dayDays: z.number().positive().nullable().default(null),
            /** Archive raw readings to Parquet here before retention deletes them. */
            archiveDir: z.string().nullable().default(null),
          })
          .strict()
          .prefault({}),
        compactRows: z.number().int().positive().default(2_000_000),
        compactIntervalMs: z
          .number()
          .int()
          .positive()
          .default(5 * 60_000),
        retentionIntervalMs: z
          .number()
          .int()
          .positive()
          .default(60 * 60_000),
        /** Accepted readings wait at most this long, durable in history.journal, before DuckDB commits them; 0: every batch. */
        commitEveryMs: z.number().int().min(0).max(60_000).default(1000),
        /** Rows a lake import reads and sorts in one go at most: memory against fewer, longer runs. */
        importGroupRows: z.number().int().min(1000).default(4_000_000),
        /** After a storage fault (disk full): how often reopening is tried, once this much space is free. */
        recovery: z
          .object({
            retryMs: z.number().int().min(100).default(5000),
            minFreeBytes: z
              .number()
              .int()
              .min(0)
              .default(64 * 1024 * 1024),
          })
          .strict()
          .prefault({}),
        /** DuckDB's memory ceiling in MiB; omitted: an eighth of the RAM, 256–2,048 (history/duckdb-budget.ts). */
        memoryLimitMb: z.number().int().min(64).max(1_048_576).optional(),
        /** DuckDB's worker threads; omitted: half the cores, 2–4. */
        threads: z.number().int().min(1).max(256).optional(),
      })
      .strict()
      .prefault({}),
    live: z
      .object({ maxUpdatesPerSecond: z.number().positive().max(60).default(10) })
      .strict()
      .prefault({}),
    /** The Ollama-backed assistant and its knowledge base (docs/configuration.md: Assistant); Settings → Assistant overrides it. */
    assistant: AssistantConfig.prefault({}),
    /** Routing of alarm notifications; what is saved from the UI (state.db) overrides this. */
    notifications: NotificationsConfig.prefault({}),
    /** Alarm management (ISA-18.2, EEMUA 191). */
    alarms: z
      .object({
        /** Unacknowledged this long: priority goes up one step and a reminder is sent, again every interval. */
        escalateAfterMs: z
          .number()
          .int()
          .min(1000)
          .default(5 * 60_000),
        /** More than `maxChanges` state changes within `windowMs` marks an alarm chattering. */
        chattering: z
          .object({
            maxChanges: z.number().int().min(1).default(5),
            windowMs: z.number().int().min(1000).default(60_000),
          })
          .strict()
          .prefault({}),
        /** More than `threshold` new alarms within `windowMs` in one area is a flood; it ends below `endBelow`. */
        flood: z
          .object({
            threshold: z.number().int().min(1).default(10),
            windowMs: z
              .number()
              .int()
              .min(1000)
              .default(10 * 60_000),
            endBelow: z.number().int().min(1).default(5),
          })
          .strict()
          .prefault({}),
        /** How often timers (escalation, shelve expiry, flood end) are checked. */
        tickMs: z.number().int().min(10).max(60_000).default(1000),
      })
      .strict()
      .prefault({}),
    /** Rules, offline watch, statistics and trend (docs/configuration.md: Detection). */
    detection: DetectionConfig.prefault({}),
    /** Multivariate models (docs/configuration.md: Models). */
    models: z
      .object({
        /** Folders with supplied ONNX models and their manifests; <data>/models is always searched. */
        dirs: z.array(z.string().min(1)).default([]),
        /** Scores of active and shadow models are kept this many days for comparison. */
        scoreRetentionDays: z.number().positive().default(30),
        /** A signal's held value older than this makes a device vector stale (not scored). */
        maxVectorAgeMs: z.number().int().min(1000).default(60_000),
        /** Vectors above threshold (k) among the last `persistenceWindow` (n) before an active model raises an alarm. */
        persistence: z.number().int().min(1).max(1000).default(3),
        /** n of the k-of-n rule; absent = persistence (k consecutive vectors). */
        persistenceWindow: z.number().int().min(1).max(1000).optional(),
        /**
         * The shortest history a model is trained on ("24h", "7d", or milliseconds; 0 turns the rule off),
         * in ms once parsed: a day of normal running covers shifts, day and night and ambient cycles
         * (src/shared/training-span.ts, docs/configuration.md: Models).
         */
        minTrainingSpan: z
          .union([z.number().int().min(0), z.string()])
          .transform((text, ctx) => {
            if (typeof text === 'number') return text;
            const ms = parseDuration(text);
            if (ms === null) {
              ctx.addIssue({
                code: 'custom',
                message: `models.minTrainingSpan must be a duration such as "24h", "36h" or "7d", got "${text}"`,
              });
              return z.NEVER;
            }
            return ms;
          })
          .prefault('24h'),
      })
      .strict()
      .refine((m) => m.persistenceWindow === undefined || m.persistenceWindow >= m.persistence, {
        message: 'models.persistenceWindow must be at least models.persistence (k of n needs n ≥ k)',
      })
      .prefault({}),
    devices: z.array(Device).prefault(defaults.devices as z.input<typeof Device>[]),
    /**
     * Folders that browsers and remote clients may name (docs/administration.md: Security): they import from
     * <data>/imports and these, and write backups and lakes under <data>/exports and these.
     */
    files: z
      .object({
        importDirs: z.array(z.string().min(1)).default([]),
        exportDirs: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;
