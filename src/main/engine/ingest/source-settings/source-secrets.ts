// Secrets are write-only over the contract: views carry "is one set", never the value, and a
// save that leaves a secret out keeps the stored one. A password written into a broker URL is
// redacted the same way ("***"), and a URL saved back with "***" keeps the stored password.
// A stored secret only ever goes where it was saved for: a save or test that moves the source
// to another broker (scheme, host or port; Kafka: a broker not in the list before) or weakens
// its TLS (certificate check off, TLS off) must bring the password again, or it is refused
// with an issue at the password field saying why.
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
import { kafkaMove, mqttMove } from '../../../../shared/secret-destination';

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

/** A reason a save cannot keep a stored secret, at the field the user must fill in. */
export interface SecretIssue {
  path: string;
  message: string;
}

/** The MQTT source to check and store: stored secrets fill in what the save left out, toward the same broker only. */
export function withMqttSecrets(
  save: MqttSourceSave,
  stored: MqttSourceConfig | undefined,
): { source: MqttSourceConfig; issues: SecretIssue[] } {
  const { clearPassword, ...source } = save;
  const out: MqttSourceConfig = { ...source };
  const issues: SecretIssue[] = [];
  const move = stored && mqttMove(stored, out);
  const moved = move !== undefined;
  const why = `${move}, and a stored password is only sent to the broker it was saved for`;
  if (clearPassword) delete out.password;
  else if (out.password === undefined && stored?.password !== undefined) {
    if (moved) issues.push({ path: 'password', message: `${why}: enter the password again, or clear it` });
    else out.password = stored.password;
  }
  const saved = parseUrl(out.url);
  const before = parseUrl(stored?.url);
  if (saved && saved.password === REDACTED) {
    const keep = before && before.username === saved.username ? before.password : '';
    if (keep && moved) issues.push({ path: 'url', message: `${why}: write the password into the URL again` });
    saved.password = moved ? '' : keep;
    out.url = saved.toString();
  }
  return { source: out, issues };
}

export function withKafkaSecrets(
  save: KafkaSourceSave,
  stored: KafkaSourceConfig | undefined,
): { source: unknown; issues: SecretIssue[] } {
  if (!save.sasl || save.sasl.password !== undefined || !stored?.sasl) return { source: save, issues: [] };
  // A new account needs its own password.
  if (stored.sasl.username !== save.sasl.username) {
    const message = `the SASL user name changed (${stored.sasl.username} → ${save.sasl.username}): enter its password`;
    return { source: save, issues: [{ path: 'sasl.password', message }] };
  }
  const move = kafkaMove(stored, save);
  if (move) {
    const message = `the connection changed (${move}), and a stored SASL password is only sent to the brokers it was saved for: enter it again`;
    return { source: save, issues: [{ path: 'sasl.password', message }] };
  }
  return { source: { ...save, sasl: { ...save.sasl, password: stored.sasl.password } }, issues: [] };
}

export function withHttpSecrets(save: HttpIngestSave, stored: HttpIngestConfig): HttpIngestInput {
  const { addTokens = [], removeTokens = [], ...rest } = save;
  const removed = new Set(removeTokens);
  const kept = stored.tokens.filter((t) => !removed.has(tokenFingerprint(t)));
  return { ...rest, tokens: [...kept, ...addTokens.filter((t) => !kept.includes(t))] };
}
