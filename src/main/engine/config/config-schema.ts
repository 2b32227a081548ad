// The engine's configuration: one schema, parsed once at the entry point into a frozen object.
// Every field has a default so that an empty configuration runs the embedded broker and the
// simulator of the default fleet.
import { z } from 'zod';
import { Device } from '../../../shared/domain';
import defaults from '../../../../resources/default-config.json';

const Port = z.number().int().min(0).max(65535);

const TlsConfig = z
  .object({
    /** PEM file paths, read at start-up. */
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();

const TopicSpec = z.union([
  z.string().min(1),
  z
    .object({
      /** A plain MQTT filter… */
      filter: z.string().min(1).optional(),
      /** …or a template naming device and signal by topic level: plant/{line}/{device}/{signal}. */
      template: z.string().min(1).optional(),
      /** json (the documented payloads), value (a bare number; names from the template), sparkplug. */
      format: z.enum(['json', 'value', 'sparkplug']).optional(),
      qos: z.union([z.literal(0), z.literal(1)]).optional(),
    })
    .strict()
    .refine((t) => Boolean(t.filter) !== Boolean(t.template), { message: 'give either "filter" or "template"' }),
]);

export const MqttSourceConfig = z
  .object({
    id: z.string().min(1).default('mqtt'),
    /** Broker URL (mqtt, mqtts, ws, wss); omitted means the embedded broker. */
    url: z
      .string()
      .url()
      .refine((u) => /^(mqtts?|wss?):\/\//.test(u), { message: 'must be an mqtt://, mqtts://, ws:// or wss:// URL' })
      .optional(),
    topics: z.array(TopicSpec).min(1).default(['watchfloor/devices/+/telemetry']),
    tls: TlsConfig.optional(),
    qos: z.union([z.literal(0), z.literal(1)]).default(1),
    username: z.string().optional(),
    password: z.string().optional(),
    clientId: z.string().optional(),
  })
  .strict();
export type MqttSourceConfig = z.infer<typeof MqttSourceConfig>;

export const KafkaSourceConfig = z
  .object({
    id: z.string().min(1).default('kafka'),
    brokers: z.array(z.string().min(1)).min(1),
    topics: z.array(z.string().min(1)).min(1),
    groupId: z.string().min(1).default('watchfloor'),
    /** How record values are decoded. */
    format: z.enum(['json', 'sparkplug', 'csv']).default('json'),
    /** For format csv: the column of each field in a record's line. */
    csv: z
      .object({
        separator: z.string().length(1).default(','),
        columns: z.array(z.string()).min(1).default(['deviceId', 'sensorType', 'value', 'timestamp']),
      })
      .strict()
      .prefault({}),
    ssl: z.union([z.boolean(), TlsConfig]).default(false),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string(),
        password: z.string(),
      })
      .strict()
      .optional(),
    /** Undecodable records are also produced to this topic, when set. */
    dlqTopic: z.string().min(1).optional(),
    fromBeginning: z.boolean().default(false),
    /** Partitions processed at the same time. */
    partitionsConsumedConcurrently: z.number().int().positive().default(4),
    /** How long the group waits for a silent member (a crashed engine) before rebalancing. */
    sessionTimeoutMs: z.number().int().min(3000).max(300_000).default(30_000),
  })
  .strict();
export type KafkaSourceConfig = z.infer<typeof KafkaSourceConfig>;

export const HttpIngestConfig = z
  .object({
    /** POST /ingest/* on the engine's HTTP server. */
    enabled: z.boolean().default(true),
    /** Bearer tokens accepted. With none, only clients on this machine (loopback) may post. */
    tokens: z.array(z.string().min(16)).default([]),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    maxRows: z.number().int().positive().default(100_000),
  })
  .strict();
export type HttpIngestConfig = z.infer<typeof HttpIngestConfig>;

export const ConfigSchema = z
  .object({
    dataDir: z.string().min(1),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: Port.default(5780),
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
        mqtt: z.array(MqttSourceConfig).prefault([{}]),
        kafka: z.array(KafkaSourceConfig).default([]),
        http: HttpIngestConfig.prefault({}),
      })
      .strict()
      .prefault({}),
    simulator: z
      .object({
        enabled: z.boolean().default(true),
        /** Share of published values pushed outside the alarm limits. */
        anomalyRate: z.number().min(0).max(1).default(0.05),
        /** Where it publishes; omitted means the embedded broker. */
        url: z.string().url().optional(),
        topicPrefix: z.string().default('watchfloor/devices'),
        seed: z.number().int().optional(),
      })
      .strict()
      .prefault({}),
    ingest: z
      .object({
        /** Unknown devices become visible, unconfigured devices; false sends them to dead letters. */
        autoRegister: z.boolean().default(true),
        maxPayloadBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
        /** Readings further than this from the engine's clock are rejected. */
        maxClockSkewMs: z
          .number()
          .int()
          .positive()
          .default(7 * 24 * 3600 * 1000),
        /** Under load, commits to history at most this often (each costs a WAL sync). */
        commitIntervalMs: z.number().int().min(0).max(1000).default(10),
      })
      .strict()
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
        compactRows: z.number().int().positive().default(1_000_000),
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
      })
      .strict()
      .prefault({}),
    live: z
      .object({ maxUpdatesPerSecond: z.number().positive().max(60).default(10) })
      .strict()
      .prefault({}),
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
    /** Rules, offline watch, statistics and trend (README: Detection). */
    detection: DetectionConfig.prefault({}),
    /** Multivariate models (README: Models). */
    models: z
      .object({
        /** Folders with supplied ONNX models and their manifests; <data>/models is always searched. */
        dirs: z.array(z.string().min(1)).default([]),
        /** Scores of active and shadow models are kept this many days for comparison. */
        scoreRetentionDays: z.number().positive().default(30),
        /** A signal's held value older than this makes a device vector stale (not scored). */
        maxVectorAgeMs: z.number().int().min(1000).default(60_000),
      })
      .strict()
      .prefault({}),
    devices: z.array(Device).prefault(defaults.devices as z.input<typeof Device>[]),
  })
  .strict();

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;
