// Settings → Sources: MQTT and Kafka sources, HTTP ingest, devices and auto-registration,
// editable while the engine runs. What is saved here is layered over the configuration file
// (file ← Settings) and every item says where it comes from. Saves are checked with the same
// schemas as the file (src/shared/source-config.ts); a refused save is BAD_REQUEST with
// details.issues[] of { path, message }, paths starting at the params ("source.url").
// Secrets are write-only: views say whether one is set, never what it is.
import { z } from 'zod';
import { Device } from '../domain';
import { HttpIngestConfig, KafkaSasl, KafkaSourceConfig, MqttSourceConfig, ReadingTimes } from '../source-config';

/**
 * Where an item comes from: the configuration file (and environment / flags), Settings, or the
 * file's item edited in Settings (reverting drops the edit). `removed` items are file items
 * removed in Settings: listed so they can be restored.
 */
export const SettingOrigin = z.enum(['file', 'settings', 'edited', 'removed']);
export type SettingOrigin = z.infer<typeof SettingOrigin>;

const Secret = z.object({ set: z.boolean() });

export const MqttSourceView = MqttSourceConfig.omit({ password: true }).extend({
  password: Secret,
  origin: SettingOrigin,
});
export type MqttSourceView = z.infer<typeof MqttSourceView>;

export const KafkaSourceView = KafkaSourceConfig.omit({ sasl: true }).extend({
  sasl: KafkaSasl.omit({ password: true }).extend({ password: Secret }).optional(),
  origin: SettingOrigin,
});
export type KafkaSourceView = z.infer<typeof KafkaSourceView>;

/** A bearer token is shown only by a fingerprint (the first 12 hex digits of its SHA-256). */
export const TokenFingerprint = z.string().regex(/^[0-9a-f]{12}$/, 'a token fingerprint');

export const HttpIngestView = HttpIngestConfig.omit({ tokens: true }).extend({
  tokens: z.array(z.object({ fingerprint: TokenFingerprint })),
  origin: SettingOrigin,
});
export type HttpIngestView = z.infer<typeof HttpIngestView>;

export const DeviceView = Device.extend({ origin: SettingOrigin });
export type DeviceView = z.infer<typeof DeviceView>;

export const SourcesSettings = z.object({
  mqtt: z.array(MqttSourceView),
  kafka: z.array(KafkaSourceView),
  http: HttpIngestView,
  /** Configured devices (file and Settings); devices only seen on the wire are in devices.list. */
  devices: z.array(DeviceView),
  autoRegister: z.object({ value: z.boolean(), origin: SettingOrigin }),
  /** Which reading times are taken (future and age limits) and which are live, on every channel. */
  readingTimes: z.object({ value: ReadingTimes, origin: SettingOrigin }),
  /** Where an MQTT source without a URL connects; null when the embedded broker is off. */
  embeddedBrokerUrl: z.string().nullable(),
});
export type SourcesSettings = z.infer<typeof SourcesSettings>;

/** An MQTT source as saved: a password left out keeps the stored one; clearPassword removes it. */
export const MqttSourceSave = MqttSourceConfig.extend({ clearPassword: z.boolean().optional() });
export type MqttSourceSave = z.output<typeof MqttSourceSave>;
export type MqttSourceSaveInput = z.input<typeof MqttSourceSave>;

/** A Kafka source as saved: a SASL password left out keeps the stored one. */
export const KafkaSourceSave = KafkaSourceConfig.extend({
  sasl: KafkaSasl.extend({ password: z.string().optional() }).optional(),
});
export type KafkaSourceSave = z.output<typeof KafkaSourceSave>;
export type KafkaSourceSaveInput = z.input<typeof KafkaSourceSave>;

/** HTTP ingest as saved: tokens are added, or removed by fingerprint, never listed. */
export const HttpIngestSave = HttpIngestConfig.omit({ tokens: true }).extend({
  addTokens: HttpIngestConfig.shape.tokens.optional(),
  removeTokens: z.array(TokenFingerprint).optional(),
});
export type HttpIngestSave = z.output<typeof HttpIngestSave>;
export type HttpIngestSaveInput = z.input<typeof HttpIngestSave>;

export const SourceSaveParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mqtt'), source: MqttSourceSave }).strict(),
  z.object({ kind: z.literal('kafka'), source: KafkaSourceSave }).strict(),
  z.object({ kind: z.literal('http'), http: HttpIngestSave }).strict(),
  z.object({ kind: z.literal('device'), device: Device }).strict(),
  z.object({ kind: z.literal('autoRegister'), value: z.boolean() }).strict(),
  z.object({ kind: z.literal('readingTimes'), value: ReadingTimes }).strict(),
]);
export type SourceSave = z.output<typeof SourceSaveParams>;

export const SettingKind = z.enum(['mqtt', 'kafka', 'device']);
export type SettingKind = z.infer<typeof SettingKind>;

export const SourceTestParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mqtt'), source: MqttSourceSave }).strict(),
  z.object({ kind: z.literal('kafka'), source: KafkaSourceSave }).strict(),
]);
export type SourceTest = z.output<typeof SourceTestParams>;

export const SourceTestResult = z.object({
  ok: z.boolean(),
  /** What was reached (broker, cluster and topics), or why it failed. */
  message: z.string(),
  ms: z.number(),
});
export type SourceTestResult = z.infer<typeof SourceTestResult>;

const ItemRef = z.object({ kind: SettingKind, id: z.string().min(1) }).strict();

export const sourcesRequests = {
  /** Every source, device and ingest setting as it runs now, with where each comes from. */
  'sources.settings': { params: z.object({}).strict(), result: SourcesSettings },
  /** Adds or replaces one item (by id) and applies it at once: a changed source is restarted. */
  'sources.save': { params: SourceSaveParams, result: SourcesSettings },
  /** Removes an item; a file item is hidden by Settings until restored with sources.revert. */
  'sources.remove': { params: ItemRef, result: SourcesSettings },
  /** Drops what Settings changed of an item (or HTTP ingest, auto-registration, reading times): the file's value applies again. */
  'sources.revert': {
    params: z.union([ItemRef, z.object({ kind: z.enum(['http', 'autoRegister', 'readingTimes']) }).strict()]),
    result: SourcesSettings,
  },
  'sources.setEnabled': {
    params: z.object({ kind: z.enum(['mqtt', 'kafka']), id: z.string().min(1), enabled: z.boolean() }).strict(),
    result: SourcesSettings,
  },
  /** Connects with the given settings (stored secrets fill in what is left out) without saving. */
  'sources.test': { params: SourceTestParams, result: SourceTestResult },
} as const;
