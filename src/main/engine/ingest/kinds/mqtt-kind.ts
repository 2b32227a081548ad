// The MQTT source kind on the engine side: its view (password and a password in the URL
// redacted), how a save keeps the stored password (same broker only), its checks (a broker to
// connect to, subscriptions that compile, TLS files), how it is created (in-process on the
// embedded broker) and tested (connect, then subscribe: a broker's ACL can refuse a
// subscription it let connect).
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions } from 'mqtt';
import type { SourceTestResult } from '../../../../shared/contract/sources';
import {
  mqttMove,
  type MqttSourceConfig,
  type MqttSourceSave,
  type MqttSourceView,
} from '../../../../shared/sources/mqtt-schema';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';
import { mqttSourceKind } from '../../../../shared/sources/mqtt-schema';
import { MqttSource } from '../mqtt-source';
import { parseUrl, REDACTED, redactUrl } from '../source-settings/source-secrets';
import { compileSubscription } from '../topic-template';
import type { EngineSourceKind, Issue, SourceContext, SourceDeps } from './source-kind';
import { TEST_TIMEOUT_MS, within } from './test-timeout';
import { tlsIssues } from './tls-checks';

export function mqttView(c: MqttSourceConfig, origin: SettingOrigin): MqttSourceView {
  const { password, url, ...rest } = c;
  return {
    ...rest,
    ...(url === undefined ? {} : { url: redactUrl(url) }),
    password: { set: Boolean(password) },
    origin,
  };
}

/** The MQTT source to check and store: stored secrets fill in what the save left out, toward the same broker only. */
export function withMqttSecrets(
  save: MqttSourceSave,
  stored: MqttSourceConfig | undefined,
): { source: MqttSourceConfig; issues: Issue[] } {
  const { clearPassword, ...source } = save;
  const out: MqttSourceConfig = { ...source };
  const issues: Issue[] = [];
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

function mqttIssues(s: MqttSourceConfig, context: SourceContext): Issue[] {
  const issues: Issue[] = [];
  if (!s.url && context.embeddedBrokerUrl === null) {
    issues.push({ path: 'url', message: 'a broker URL is needed: the embedded broker is off' });
  }
  s.topics.forEach((t, i) => {
    try {
      compileSubscription(t, s.qos);
    } catch (err) {
      issues.push({ path: `topics.${i}${typeof t === 'string' ? '' : '.template'}`, message: (err as Error).message });
    }
  });
  issues.push(...tlsIssues(s.tls, 'tls'));
  return issues;
}

function createMqtt(s: MqttSourceConfig, deps: SourceDeps): MqttSource | undefined {
  const url = s.url ?? deps.broker?.url;
  if (!url) {
    deps.log(`source ${s.id} has no url and the embedded broker is off; skipped`);
    return undefined;
  }
  // A source on the embedded broker takes its messages in-process.
  const inProcess = s.url === undefined ? deps.broker : undefined;
  const { log, clock, sparkplug, stationId } = deps;
  return new MqttSource({ ...s, url, log, clock, sparkplug, stationId, inProcess }, deps.pipeline);
}

async function testMqtt(s: MqttSourceConfig, context: SourceContext): Promise<SourceTestResult> {
  const url = s.url ?? context.embeddedBrokerUrl;
  if (!url) return { ok: false, message: 'no broker URL and the embedded broker is off', ms: 0 };
  const t0 = performance.now();
  const options: IClientOptions = {
    clientId: `watchfloor-test-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: TEST_TIMEOUT_MS,
    username: s.username,
    password: s.password,
  };
  if (s.tls) {
    if (s.tls.ca) options.ca = readFileSync(s.tls.ca);
    if (s.tls.cert) options.cert = readFileSync(s.tls.cert);
    if (s.tls.key) options.key = readFileSync(s.tls.key);
    options.rejectUnauthorized = s.tls.rejectUnauthorized;
  }
  const shown = redactUrl(url) ?? url;
  const client = mqtt.connect(url, options);
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
        client.once('close', () => reject(new Error('the broker closed the connection')));
      }),
      TEST_TIMEOUT_MS,
      shown,
    );
    const subs = s.topics.map((t) => compileSubscription(t, s.qos));
    const granted = await within(
      client.subscribeAsync(Object.fromEntries(subs.map((x) => [x.filter, { qos: x.qos }]))),
      TEST_TIMEOUT_MS,
      shown,
    );
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    const ms = Math.round(performance.now() - t0);
    if (refused.length > 0)
      return { ok: false, message: `connected to ${shown}, but the broker refused ${refused.join(', ')}`, ms };
    return { ok: true, message: `connected to ${shown}; subscribed to ${subs.map((x) => x.filter).join(', ')}`, ms };
  } catch (err) {
    return { ok: false, message: `${shown}: ${(err as Error).message}`, ms: Math.round(performance.now() - t0) };
  } finally {
    client.end(true);
  }
}

export const mqttKind: EngineSourceKind<MqttSourceConfig, MqttSourceView, MqttSourceSave> = {
  schemas: mqttSourceKind,
  view: mqttView,
  withSecrets: withMqttSecrets,
  checks: mqttIssues,
  create: createMqtt,
  test: testMqtt,
  // In-process subscriptions keep no session: the new one subscribes before the old one lets
  // go, so nothing published meanwhile is missed (a reading both take is stored once).
  overlaps: (before, after) => before.url === undefined && after.url === undefined,
};
