// Form state of a Kafka source (strings, as typed) and its conversion to the contract's save
// parameters, checked with the same schema the engine and the configuration file use.
import {
  KafkaSourceSave,
  kafkaMove,
  type KafkaSourceSaveInput,
  type KafkaSourceView,
} from '../../../../../shared/sources/kafka-schema';
import { list, num, optional, zodErrors, type Converted } from './draft-fields';

export interface KafkaDraft {
  isNew: boolean;
  id: string;
  enabled: boolean;
  brokers: string;
  topics: string;
  groupId: string;
  format: 'json' | 'csv' | 'sparkplug';
  csvSeparator: string;
  csvColumns: string;
  ssl: 'off' | 'on' | 'files';
  sslCa: string;
  sslCert: string;
  sslKey: string;
  rejectUnauthorized: boolean;
  saslMechanism: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
  saslUsername: string;
  saslPassword: string;
  saslPasswordSet: boolean;
  dlqTopic: string;
  fromBeginning: boolean;
  partitionsConsumedConcurrently: string;
  /** The brokers, TLS and user the stored SASL password was saved for; null for a new source. */
  saved: { brokers: string[]; ssl: boolean | { rejectUnauthorized: boolean }; username: string } | null;
}

export function newKafkaDraft(): KafkaDraft {
  return {
    isNew: true,
    id: '',
    enabled: true,
    brokers: '',
    topics: '',
    groupId: 'watchfloor',
    format: 'json',
    csvSeparator: ',',
    csvColumns: 'deviceId, sensorType, value, timestamp',
    ssl: 'off',
    sslCa: '',
    sslCert: '',
    sslKey: '',
    rejectUnauthorized: true,
    saslMechanism: '',
    saslUsername: '',
    saslPassword: '',
    saslPasswordSet: false,
    dlqTopic: '',
    fromBeginning: false,
    partitionsConsumedConcurrently: '4',
    saved: null,
  };
}

export function kafkaDraftOf(v: KafkaSourceView): KafkaDraft {
  const ssl = typeof v.ssl === 'object' ? v.ssl : undefined;
  return {
    isNew: false,
    id: v.id,
    enabled: v.enabled,
    brokers: v.brokers.join(', '),
    topics: v.topics.join(', '),
    groupId: v.groupId,
    format: v.format,
    csvSeparator: v.csv.separator,
    csvColumns: v.csv.columns.join(', '),
    ssl: ssl ? 'files' : v.ssl ? 'on' : 'off',
    sslCa: ssl?.ca ?? '',
    sslCert: ssl?.cert ?? '',
    sslKey: ssl?.key ?? '',
    rejectUnauthorized: ssl?.rejectUnauthorized ?? true,
    saslMechanism: v.sasl?.mechanism ?? '',
    saslUsername: v.sasl?.username ?? '',
    saslPassword: '',
    saslPasswordSet: v.sasl?.password.set ?? false,
    dlqTopic: v.dlqTopic ?? '',
    fromBeginning: v.fromBeginning,
    partitionsConsumedConcurrently: String(v.partitionsConsumedConcurrently),
    saved: { brokers: v.brokers, ssl: v.ssl, username: v.sasl?.username ?? '' },
  };
}

/** Why the stored SASL password cannot be kept as the form stands (another user, new brokers, weaker TLS), or null. */
export function kafkaPasswordNeeded(d: KafkaDraft): string | null {
  if (!d.saved || !d.saslPasswordSet || d.saslPassword || !d.saslMechanism) return null;
  if (d.saslUsername.trim() !== d.saved.username) return 'the SASL user name changed';
  const ssl = d.ssl === 'files' ? { rejectUnauthorized: d.rejectUnauthorized } : d.ssl === 'on';
  return kafkaMove(d.saved, { brokers: list(d.brokers), ssl }) ?? null;
}

export function kafkaParams(d: KafkaDraft): Converted<KafkaSourceSaveInput> {
  const source: KafkaSourceSaveInput = {
    id: d.id.trim(),
    enabled: d.enabled,
    brokers: list(d.brokers),
    topics: list(d.topics),
    groupId: d.groupId.trim(),
    format: d.format,
    ...(d.format === 'csv' ? { csv: { separator: d.csvSeparator, columns: list(d.csvColumns) } } : {}),
    ssl:
      d.ssl === 'files'
        ? {
            ca: optional(d.sslCa),
            cert: optional(d.sslCert),
            key: optional(d.sslKey),
            rejectUnauthorized: d.rejectUnauthorized,
          }
        : d.ssl === 'on',
    ...(d.saslMechanism
      ? {
          sasl: {
            mechanism: d.saslMechanism,
            username: d.saslUsername.trim(),
            ...(d.saslPassword ? { password: d.saslPassword } : {}),
          },
        }
      : {}),
    dlqTopic: optional(d.dlqTopic),
    fromBeginning: d.fromBeginning,
    partitionsConsumedConcurrently: num(d.partitionsConsumedConcurrently),
  };
  const parsed = KafkaSourceSave.safeParse(source);
  return parsed.success ? { ok: true, value: source } : { ok: false, errors: zodErrors('source', parsed.error) };
}
