// Form state of Settings → Sources (strings, as typed) and its conversion to the contract's save
// parameters. Conversion is checked with the same schemas the engine and the configuration file
// use, so most mistakes are shown per field before anything is sent; the engine checks the rest
// (other sources' ids, files on its machine) and answers with the same kind of paths.
import type { z } from 'zod';
import {
  HttpIngestSave,
  KafkaSourceSave,
  MqttSourceSave,
  type DeviceView,
  type HttpIngestSaveInput,
  type HttpIngestView,
  type KafkaSourceSaveInput,
  type KafkaSourceView,
  type MqttSourceSaveInput,
  type MqttSourceView,
} from '../../../../../shared/contract/sources';
import { Device, type DeviceInput } from '../../../../../shared/domain';

/** Field path (as the engine reports it, e.g. "source.topics.0.template") → message. */
export type FieldErrors = Record<string, string>;

export function issuesToErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) out[i.path || '(root)'] ??= i.message;
  return out;
}

function zodErrors(prefix: string, error: z.ZodError): FieldErrors {
  return issuesToErrors(
    error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message })),
  );
}

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** A number field: empty is undefined, anything else must parse (else NaN, which the schema refuses). */
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

export type Converted<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

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
  };
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
  };
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

// ---- HTTP ingest

export interface HttpDraft {
  enabled: boolean;
  maxBodyBytes: string;
  maxRows: string;
  addToken: string;
  removeTokens: string[];
}

export function httpDraftOf(v: HttpIngestView): HttpDraft {
  return {
    enabled: v.enabled,
    maxBodyBytes: String(v.maxBodyBytes),
    maxRows: String(v.maxRows),
    addToken: '',
    removeTokens: [],
  };
}

export function httpParams(d: HttpDraft): Converted<HttpIngestSaveInput> {
  const http: HttpIngestSaveInput = {
    enabled: d.enabled,
    maxBodyBytes: num(d.maxBodyBytes),
    maxRows: num(d.maxRows),
    ...(d.addToken.trim() ? { addTokens: [d.addToken.trim()] } : {}),
    ...(d.removeTokens.length ? { removeTokens: d.removeTokens } : {}),
  };
  const parsed = HttpIngestSave.safeParse(http);
  return parsed.success ? { ok: true, value: http } : { ok: false, errors: zodErrors('http', parsed.error) };
}

// ---- Devices

export interface SignalDraft {
  key: string;
  unit: string;
  normalMin: string;
  normalMax: string;
  lo: string;
  hi: string;
  loLo: string;
  hiHi: string;
  intervalMs: string;
  deadband: string;
}

export interface DeviceDraft {
  isNew: boolean;
  id: string;
  name: string;
  kind: string;
  location: string;
  area: string;
  signals: SignalDraft[];
}

export function newSignalDraft(): SignalDraft {
  return {
    key: '',
    unit: '',
    normalMin: '',
    normalMax: '',
    lo: '',
    hi: '',
    loLo: '',
    hiHi: '',
    intervalMs: '5000',
    deadband: '0',
  };
}

export function newDeviceDraft(): DeviceDraft {
  return { isNew: true, id: '', name: '', kind: 'generic', location: '', area: '', signals: [newSignalDraft()] };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function deviceDraftOf(v: DeviceView): DeviceDraft {
  return {
    isNew: false,
    id: v.id,
    name: v.name,
    kind: v.kind,
    location: v.location,
    area: v.area,
    signals: v.signals.map((s) => ({
      key: s.key,
      unit: s.unit,
      normalMin: text(s.normal?.[0]),
      normalMax: text(s.normal?.[1]),
      lo: text(s.limits.lo),
      hi: text(s.limits.hi),
      loLo: text(s.limits.loLo),
      hiHi: text(s.limits.hiHi),
      intervalMs: String(s.intervalMs),
      deadband: String(s.deadband),
    })),
  };
}

export function deviceParams(d: DeviceDraft): Converted<DeviceInput> {
  const device: DeviceInput = {
    id: d.id.trim(),
    name: d.name.trim() || d.id.trim(),
    kind: d.kind.trim() || 'generic',
    location: d.location.trim(),
    area: d.area.trim(),
    signals: d.signals.map((s) => {
      const limits = { lo: num(s.lo), hi: num(s.hi), loLo: num(s.loLo), hiHi: num(s.hiHi) };
      const normal =
        s.normalMin.trim() || s.normalMax.trim() ? [num(s.normalMin) ?? NaN, num(s.normalMax) ?? NaN] : undefined;
      return {
        key: s.key.trim(),
        unit: s.unit.trim(),
        ...(normal ? { normal: normal as [number, number] } : {}),
        limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
        intervalMs: num(s.intervalMs),
        deadband: num(s.deadband),
      };
    }),
  };
  const parsed = Device.safeParse(device);
  return parsed.success ? { ok: true, value: device } : { ok: false, errors: zodErrors('device', parsed.error) };
}
