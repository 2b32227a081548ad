// Secrets are write-only over the contract: views carry "is one set", never the value, and a
// save that leaves a secret out keeps the stored one. A password written into a broker URL is
// redacted the same way ("***"), and a URL saved back with "***" keeps the stored password.
import { createHash } from 'node:crypto';
import type {
  HttpIngestSave,
  HttpIngestView,
  KafkaSourceSave,
  KafkaSourceView,
  MqttSourceSave,
  MqttSourceView,
  SettingOrigin,
} from '../../../../shared/contract/sources';
import type {
  HttpIngestConfig,
  HttpIngestInput,
  KafkaSourceConfig,
  MqttSourceConfig,
} from '../../../../shared/source-config';

const REDACTED = '***';

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function redactUrl(url: string | undefined): string | undefined {
  const u = parseUrl(url);
  if (!u?.password) return url;
  u.password = REDACTED;
  return u.toString();
}

export function mqttView(c: MqttSourceConfig, origin: SettingOrigin): MqttSourceView {
  const { password, url, ...rest } = c;
  return {
    ...rest,
    ...(url === undefined ? {} : { url: redactUrl(url) }),
    password: { set: Boolean(password) },
    origin,
  };
}

export function kafkaView(c: KafkaSourceConfig, origin: SettingOrigin): KafkaSourceView {
  const { sasl, ...rest } = c;
  return {
    ...rest,
    ...(sasl
      ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: { set: sasl.password !== '' } } }
      : {}),
    origin,
  };
}

export function httpView(c: HttpIngestConfig, origin: SettingOrigin): HttpIngestView {
  const { tokens, ...rest } = c;
  return { ...rest, tokens: tokens.map((t) => ({ fingerprint: tokenFingerprint(t) })), origin };
}

/** The MQTT source to check and store: stored secrets fill in what the save left out. */
export function withMqttSecrets(save: MqttSourceSave, stored: MqttSourceConfig | undefined): MqttSourceConfig {
  const { clearPassword, ...source } = save;
  const out: MqttSourceConfig = { ...source };
  if (clearPassword) delete out.password;
  else if (out.password === undefined && stored?.password !== undefined) out.password = stored.password;
  const saved = parseUrl(out.url);
  const before = parseUrl(stored?.url);
  if (saved && saved.password === REDACTED) {
    saved.password = before && before.username === saved.username ? before.password : '';
    out.url = saved.toString();
  }
  return out;
}

export function withKafkaSecrets(save: KafkaSourceSave, stored: KafkaSourceConfig | undefined): unknown {
  if (!save.sasl || save.sasl.password !== undefined) return save;
  // Kept only while the user name stays the same: a new account needs its own password.
  const keep = stored?.sasl && stored.sasl.username === save.sasl.username ? stored.sasl.password : undefined;
  return { ...save, sasl: { ...save.sasl, password: keep } };
}

export function withHttpSecrets(save: HttpIngestSave, stored: HttpIngestConfig): HttpIngestInput {
  const { addTokens = [], removeTokens = [], ...rest } = save;
  const removed = new Set(removeTokens);
  const kept = stored.tokens.filter((t) => !removed.has(tokenFingerprint(t)));
  return { ...rest, tokens: [...kept, ...addTokens.filter((t) => !kept.includes(t))] };
}
