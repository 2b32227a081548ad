// How a source is configured: the one set of schemas for the configuration file and for
// Settings → Sources, so a source saved from the UI is checked exactly as one read from the
// file. Secrets (passwords, SASL, tokens) are part of the configuration but never leave the
// engine: the contract sends views without them (see contract/sources.ts).
import { z } from 'zod';

export const TlsConfig = z
  .object({
    /** PEM file paths on the engine's machine, read when the source starts. */
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();
export type TlsConfig = z.infer<typeof TlsConfig>;

export const TopicSpec = z.union([
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
export type TopicSpecInput = z.input<typeof TopicSpec>;

/** Names a source's dead letters, health entry and MQTT client id; http and file are the engine's own. */
const SourceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only')
  .refine((id) => id !== 'http' && id !== 'file', { message: 'is reserved for the engine’s own source of that name' });

export const MqttSourceConfig = z
  .object({
    id: SourceId.default('mqtt'),
    /** A disabled source stays configured but is not connected. */
    enabled: z.boolean().default(true),
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
export type MqttSourceInput = z.input<typeof MqttSourceConfig>;

export const KafkaSasl = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1),
    password: z.string(),
  })
  .strict();

export const KafkaSourceConfig = z
  .object({
    id: SourceId.default('kafka'),
    enabled: z.boolean().default(true),
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
    sasl: KafkaSasl.optional(),
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
export type KafkaSourceInput = z.input<typeof KafkaSourceConfig>;

export const HttpIngestConfig = z
  .object({
    /** POST /ingest/* on the engine's HTTP server. */
    enabled: z.boolean().default(true),
    /** Bearer tokens accepted. With none, only clients on this machine (loopback) may post. */
    tokens: z.array(z.string().min(16, 'a token must be at least 16 characters')).default([]),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    maxRows: z.number().int().positive().default(100_000),
  })
  .strict();
export type HttpIngestConfig = z.infer<typeof HttpIngestConfig>;
export type HttpIngestInput = z.input<typeof HttpIngestConfig>;

const DAY_MS = 86_400_000;

/**
 * Which reading times ingest takes, on every channel (docs/configuration.md: Payloads). Old readings are
 * history a gateway stored and forwarded: taken by default, and routed like imported history
 * (stored and rolled up, no alarms, not live) once older than the live window. The future is
 * where a wrong device clock puts readings: that limit stays tight.
 */
export const ReadingTimes = z
  .object({
    /** Readings further ahead of the engine's clock are refused. */
    maxFutureMs: z
      .number()
      .int()
      .min(0)
      .max(366 * DAY_MS),
    /** Readings older than this are refused; null takes any age. */
    maxAgeMs: z
      .number()
      .int()
      .positive()
      .max(100 * 366 * DAY_MS)
      .nullable(),
    /** Readings older than this when they arrive are history: no alarms, not live. */
    liveWindowMs: z
      .number()
      .int()
      .min(0)
      .max(366 * DAY_MS),
  })
  .strict();
export type ReadingTimes = z.infer<typeof ReadingTimes>;

export const READING_TIME_DEFAULTS: ReadingTimes = {
  maxFutureMs: 5 * 60_000,
  maxAgeMs: null,
  liveWindowMs: 15 * 60_000,
};
