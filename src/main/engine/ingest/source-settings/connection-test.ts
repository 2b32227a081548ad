// "Test connection" in Settings → Sources: connects with the given settings, as the source
// would, without saving or touching the running source. MQTT: connect, then subscribe to every
// filter (a broker's ACL can refuse a subscription it let connect). Kafka: connect an admin
// client and read the topics' metadata.
import { readFileSync } from 'node:fs';
import { Kafka } from 'kafkajs';
import mqtt, { type IClientOptions } from 'mqtt';
import type { SourceTestResult } from '../../../../shared/contract/sources';
import type { KafkaSourceConfig, MqttSourceConfig } from '../../../../shared/source-config';
import { kafkaClientOptions } from '../kafka/kafka-client-options';
import { compileSubscription } from '../topic-template';
import { redactUrl } from './source-secrets';

const TIMEOUT_MS = 8000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function testMqtt(s: MqttSourceConfig, url: string): Promise<SourceTestResult> {
  const t0 = performance.now();
  const options: IClientOptions = {
    clientId: `watchfloor-test-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: TIMEOUT_MS,
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
      TIMEOUT_MS,
      shown,
    );
    const subs = s.topics.map((t) => compileSubscription(t, s.qos));
    const granted = await within(
      client.subscribeAsync(Object.fromEntries(subs.map((x) => [x.filter, { qos: x.qos }]))),
      TIMEOUT_MS,
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

export async function testKafka(k: KafkaSourceConfig): Promise<SourceTestResult> {
  const t0 = performance.now();
  const brokers = k.brokers.join(', ');
  let admin: ReturnType<Kafka['admin']> | undefined;
  try {
    const kafka = new Kafka({
      ...kafkaClientOptions(k, () => {}, Date.now),
      clientId: `watchfloor-test-${k.id}`,
      connectionTimeout: TIMEOUT_MS,
      retry: { retries: 0 },
    });
    admin = kafka.admin();
    await within(admin.connect(), TIMEOUT_MS, brokers);
    const { topics } = await within(admin.fetchTopicMetadata({ topics: [...k.topics] }), TIMEOUT_MS, brokers);
    const what = topics.map((t) => `${t.name} (${t.partitions.length} partitions)`).join(', ');
    return { ok: true, message: `connected to ${brokers}; ${what}`, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { ok: false, message: `${brokers}: ${(err as Error).message}`, ms: Math.round(performance.now() - t0) };
  } finally {
    await admin?.disconnect().catch(() => {});
  }
}
