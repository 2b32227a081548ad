// The Kafka source kind on the engine side: its view (SASL password hidden), how a save keeps
// the stored SASL password (same user, same brokers, TLS no weaker), its checks (CSV columns, a
// dead-letter topic that is not consumed, SSL files), how it is created (bridged Sparkplug keeps
// its births per source) and tested (an admin client reads the topics' metadata).
import { Kafka } from 'kafkajs';
import type { SourceTestResult } from '../../../../shared/contract/sources';
import {
  kafkaMove,
  kafkaSourceKind,
  type KafkaSourceConfig,
  type KafkaSourceSave,
  type KafkaSourceView,
} from '../../../../shared/sources/kafka-schema';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';
import { csvColumnProblem } from '../decode-csv';
import { KafkaSource } from '../kafka-source';
import { kafkaClientOptions } from '../kafka/kafka-client-options';
import { SparkplugSession } from '../sparkplug/sparkplug-session';
import type { EngineSourceKind, Issue, SourceDeps } from './source-kind';
import { TEST_TIMEOUT_MS, within } from './test-timeout';
import { tlsIssues } from './tls-checks';

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

export function withKafkaSecrets(
  save: KafkaSourceSave,
  stored: KafkaSourceConfig | undefined,
): { source: unknown; issues: Issue[] } {
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

function kafkaIssues(k: KafkaSourceConfig): Issue[] {
  const issues: Issue[] = [];
  if (k.format === 'csv') {
    const problem = csvColumnProblem(k.csv.columns);
    if (problem) issues.push({ path: 'csv.columns', message: problem });
  }
  if (k.dlqTopic && k.topics.includes(k.dlqTopic)) {
    issues.push({ path: 'dlqTopic', message: `${k.dlqTopic} is also consumed; rejected records would loop` });
  }
  if (typeof k.ssl === 'object') issues.push(...tlsIssues(k.ssl, 'ssl'));
  return issues;
}

function createKafka(k: KafkaSourceConfig, deps: SourceDeps): KafkaSource {
  const { log, clock } = deps;
  // Bridged Sparkplug keeps its births per source; a rebirth cannot be asked for over Kafka.
  const session =
    k.format === 'sparkplug'
      ? new SparkplugSession({
          ...deps.sparkplug,
          requestRebirth: (group, edge) => log(`${k.id}: ${group}/${edge} needs a rebirth; not possible over Kafka`),
        })
      : undefined;
  return new KafkaSource(k, deps.pipeline, {
    log,
    clock,
    sparkplugDecode: session ? (topic, payload, opts) => session.handle(topic, payload, opts) : undefined,
  });
}

async function testKafka(k: KafkaSourceConfig): Promise<SourceTestResult> {
  const t0 = performance.now();
  const brokers = k.brokers.join(', ');
  let admin: ReturnType<Kafka['admin']> | undefined;
  try {
    const kafka = new Kafka({
      ...kafkaClientOptions(k, () => {}, Date.now),
      clientId: `watchfloor-test-${k.id}`,
      connectionTimeout: TEST_TIMEOUT_MS,
      retry: { retries: 0 },
    });
    admin = kafka.admin();
    await within(admin.connect(), TEST_TIMEOUT_MS, brokers);
    const { topics } = await within(admin.fetchTopicMetadata({ topics: [...k.topics] }), TEST_TIMEOUT_MS, brokers);
    const what = topics.map((t) => `${t.name} (${t.partitions.length} partitions)`).join(', ');
    return { ok: true, message: `connected to ${brokers}; ${what}`, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { ok: false, message: `${brokers}: ${(err as Error).message}`, ms: Math.round(performance.now() - t0) };
  } finally {
    await admin?.disconnect().catch(() => {});
  }
}

export const kafkaKind: EngineSourceKind<KafkaSourceConfig, KafkaSourceView, KafkaSourceSave> = {
  schemas: kafkaSourceKind,
  view: kafkaView,
  withSecrets: withKafkaSecrets,
  checks: kafkaIssues,
  create: createKafka,
  test: testKafka,
};
