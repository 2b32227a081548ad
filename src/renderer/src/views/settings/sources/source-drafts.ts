// Form state of the MQTT and Kafka source forms (strings, as typed) and its conversion to the
// contract's save parameters. Conversion is checked with the same schemas the engine and the
// configuration file use, so most mistakes are shown per field before anything is sent; the
// engine checks the rest (other sources' ids, files on its machine) and answers with the same
// kind of paths.
import {
  KafkaSourceSave,
  MqttSourceSave,
  type KafkaSourceSaveInput,
  type KafkaSourceView,
  type MqttSourceSaveInput,
  type MqttSourceView,
} from '../../../../../shared/contract/sources';
import { kafkaMove, mqttMove } from '../../../../../shared/secret-destination';
import { list, num, optional, zodErrors, type Converted } from './draft-fields';

export type { FieldErrors } from './draft-fields';

// ---- MQTT

export interface SubscriptionDraft {
  kind: 'filter' | 'template';
  text: string;
  format: '' | 'json' | 'value' | 'sparkplug';
  qos: '' | '0' | '1';
}

export interface MqttDraft {
  isNew: boolean;
  id: string;
  url: string;
  username: string;
  password: string;
  passwordSet: boolean;
  clearPassword: boolean;
  clientId: string;
  qos: '0' | '1';
  enabled: boolean;
  subscriptions: SubscriptionDraft[];
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  rejectUnauthorized: boolean;
  /** The broker the stored password was saved for; null for a new source. */
  saved: { url: string; rejectUnauthorized: boolean } | null;
}

export function newMqttDraft(): MqttDraft {
  return {
    isNew: true,
    id: '',
    url: '',
    username: '',
    password: '',
    passwordSet: false,
    clearPassword: false,
    clientId: '',
    qos: '1',
    enabled: true,
    subscriptions: [{ kind: 'filter', text: '', format: '', qos: '' }],
    tlsCa: '',
    tlsCert: '',
    tlsKey: '',
    rejectUnauthorized: true,
    saved: null,
  };
}

export function mqttDraftOf(v: MqttSourceView): MqttDraft {
  return {
    isNew: false,
    id: v.id,
    url: v.url ?? '',
    username: v.username ?? '',
    password: '',
    passwordSet: v.password.set,
    clearPassword: false,
    clientId: v.clientId ?? '',
    qos: String(v.qos) as '0' | '1',
    enabled: v.enabled,
    subscriptions: v.topics.map((t) =>
      typeof t === 'string'
        ? { kind: 'filter' as const, text: t, format: '' as const, qos: '' as const }
        : {
            kind: t.template ? ('template' as const) : ('filter' as const),
            text: t.template ?? t.filter ?? '',
            format: t.format ?? '',
            qos: t.qos === undefined ? '' : (String(t.qos) as '0' | '1'),
          },
    ),
    tlsCa: v.tls?.ca ?? '',
    tlsCert: v.tls?.cert ?? '',
    tlsKey: v.tls?.key ?? '',
    rejectUnauthorized: v.tls?.rejectUnauthorized ?? true,
    saved: { url: v.url ?? '', rejectUnauthorized: v.tls?.rejectUnauthorized ?? true },
  };
}

/**
 * Why the stored password cannot be kept as the form stands (the broker changed), or null. The
 * engine refuses such a test or save; the form says so at the field first.
 */
export function mqttPasswordNeeded(d: MqttDraft): string | null {
  if (!d.saved || !d.passwordSet || d.clearPassword || d.password) return null;
  const saved = { url: optional(d.saved.url), tls: { rejectUnauthorized: d.saved.rejectUnauthorized } };
  return mqttMove(saved, { url: optional(d.url), tls: { rejectUnauthorized: d.rejectUnauthorized } }) ?? null;
}

export function mqttParams(d: MqttDraft): Converted<MqttSourceSaveInput> {
  const tls =
    d.tlsCa || d.tlsCert || d.tlsKey || !d.rejectUnauthorized
      ? {
          ca: optional(d.tlsCa),
          cert: optional(d.tlsCert),
          key: optional(d.tlsKey),
          rejectUnauthorized: d.rejectUnauthorized,
        }
      : undefined;
  const source: MqttSourceSaveInput = {
    id: d.id.trim(),
    enabled: d.enabled,
    url: optional(d.url),
    username: optional(d.username),
    ...(d.password ? { password: d.password } : {}),
    ...(d.clearPassword ? { clearPassword: true } : {}),
    clientId: optional(d.clientId),
    qos: Number(d.qos) as 0 | 1,
    topics: d.subscriptions.map((s) => {
      const plain = s.kind === 'filter' && !s.format && !s.qos;
      if (plain) return s.text.trim();
      return {
        [s.kind]: s.text.trim(),
        ...(s.format ? { format: s.format } : {}),
        ...(s.qos ? { qos: Number(s.qos) as 0 | 1 } : {}),
      };
    }),
    ...(tls ? { tls } : {}),
  };
  const parsed = MqttSourceSave.safeParse(source);
  return parsed.success ? { ok: true, value: source } : { ok: false, errors: zodErrors('source', parsed.error) };
}

// ---- Kafka

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
