// The MQTT source kind, shared side: its configuration (broker, subscriptions, TLS files,
// credentials), the view without its password, what a save sends, and where a stored password
// may go — only to the broker it was saved for.
import { z } from 'zod';
import { SourceId, TlsConfig } from '../source-config';
import { defineSourceKind, SecretState, SettingOrigin } from './source-kind';

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

export const MqttSourceView = MqttSourceConfig.omit({ password: true }).extend({
  password: SecretState,
  origin: SettingOrigin,
});
export type MqttSourceView = z.infer<typeof MqttSourceView>;

/** An MQTT source as saved: a password left out keeps the stored one; clearPassword removes it. */
export const MqttSourceSave = MqttSourceConfig.extend({ clearPassword: z.boolean().optional() });
export type MqttSourceSave = z.output<typeof MqttSourceSave>;
export type MqttSourceSaveInput = z.input<typeof MqttSourceSave>;

export const mqttSourceKind = defineSourceKind({
  kind: 'mqtt',
  label: 'MQTT',
  config: MqttSourceConfig,
  view: MqttSourceView,
  save: MqttSourceSave,
  // With no configuration at all, the engine listens on its embedded broker.
  fileDefault: [{}],
});

const MQTT_PORTS: Record<string, string> = { 'mqtt:': '1883', 'mqtts:': '8883', 'ws:': '80', 'wss:': '443' };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** An MQTT broker as a secret sees it: scheme, host and port, and whether its certificate is checked. */
export function mqttDestination(url: string | undefined, tls?: { rejectUnauthorized?: boolean }): string {
  if (!url) return 'the embedded broker';
  const u = parse(url);
  if (!u) return url;
  const port = u.port || MQTT_PORTS[u.protocol] || '';
  const secure = u.protocol === 'mqtts:' || u.protocol === 'wss:';
  const unchecked = secure && tls?.rejectUnauthorized === false ? ' without a certificate check' : '';
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${unchecked}`;
}

/** Why a stored MQTT password may not follow this edit, or undefined when it goes to the same broker. */
export function mqttMove(
  saved: { url?: string; tls?: { rejectUnauthorized?: boolean } },
  next: { url?: string; tls?: { rejectUnauthorized?: boolean } },
): string | undefined {
  const was = mqttDestination(saved.url, saved.tls);
  const now = mqttDestination(next.url, next.tls);
  return was === now ? undefined : `the broker changed (${was} → ${now})`;
}
