// The Kafka source kind, shared side: its configuration (brokers, topics, group, payload format,
// SSL files, SASL), the view without the SASL password, what a save sends, and where a stored
// SASL password may go — only to the brokers it was saved for, over TLS at least as strong.
import { z } from 'zod';
import { SourceId, TlsConfig } from '../source-config';
import { defineSourceKind, SecretState, SettingOrigin } from './source-kind';

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

export const KafkaSourceView = KafkaSourceConfig.omit({ sasl: true }).extend({
  sasl: KafkaSasl.omit({ password: true }).extend({ password: SecretState }).optional(),
  origin: SettingOrigin,
});
export type KafkaSourceView = z.infer<typeof KafkaSourceView>;

/** A Kafka source as saved: a SASL password left out keeps the stored one. */
export const KafkaSourceSave = KafkaSourceConfig.extend({
  sasl: KafkaSasl.extend({ password: z.string().optional() }).optional(),
});
export type KafkaSourceSave = z.output<typeof KafkaSourceSave>;
export type KafkaSourceSaveInput = z.input<typeof KafkaSourceSave>;

export const kafkaSourceKind = defineSourceKind({
  kind: 'kafka',
  label: 'Kafka',
  config: KafkaSourceConfig,
  view: KafkaSourceView,
  save: KafkaSourceSave,
  fileDefault: [],
});

type KafkaSsl = boolean | { rejectUnauthorized?: boolean };

/** How well a connection protects a password: plain, TLS without a certificate check, checked TLS. */
function kafkaStrength(ssl: KafkaSsl): number {
  if (ssl === false) return 0;
  return ssl === true || ssl.rejectUnauthorized !== false ? 2 : 1;
}

/** Why a stored SASL password may not follow this edit: a broker not in the saved list, or weaker TLS. */
export function kafkaMove(
  saved: { brokers: readonly string[]; ssl: KafkaSsl },
  next: { brokers: readonly string[]; ssl: KafkaSsl },
): string | undefined {
  const known = new Set(saved.brokers.map((b) => b.trim().toLowerCase()));
  const added = [...new Set(next.brokers.map((b) => b.trim().toLowerCase()))].filter((b) => b && !known.has(b));
  if (added.length > 0) return `new brokers (${added.join(', ')})`;
  if (kafkaStrength(next.ssl) < kafkaStrength(saved.ssl)) return 'weaker TLS than before';
  return undefined;
}
