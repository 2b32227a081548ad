// A real Kafka-protocol broker for integration tests, without a JVM: librdkafka's mock cluster,
// started through Debian's kcat. `-X test.mock.num.brokers=1` makes kcat's own client spawn the
// mock cluster on a random 127.0.0.1 port and announce it on stderr; the cluster lives as long
// as kcat does. Topics are created on first use with 4 partitions. The mock keeps only a few
// megabytes per partition and deletes older records, so tests produce modest volumes.
import { spawn, type ChildProcess } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';

export interface KafkaMock {
  /** host:port of the mock cluster's bootstrap broker. */
  bootstrap: string;
  /** Creates the topics (4 partitions each) by asking for their metadata. */
  createTopics(topics: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const ANNOUNCE = /Mock cluster .*?(127\.0\.0\.1:\d+)/;

export async function startKafkaMock(binary = '/usr/bin/kcat'): Promise<KafkaMock> {
  // kcat needs something to consume to stay up; this topic is only a keep-alive.
  const child: ChildProcess = spawn(
    binary,
    ['-b', '127.0.0.1:1', '-X', 'test.mock.num.brokers=1', '-C', '-t', '__watchfloor_keepalive'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that dies before its afterAll must not leave a broker behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  let stderr = '';
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kcat did not announce a mock cluster: ${stderr}`)), 10_000);
    // stderr is read to the end so kcat never blocks on a full pipe.
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 10_000) stderr += d.toString();
      const m = ANNOUNCE.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${binary} (apt-get install kcat): ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kcat exited with ${code}: ${stderr}`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    bootstrap,
    async createTopics(topics) {
      // The mock cluster's CreateTopics answer names no controller kafkajs can reach, but it
      // auto-creates topics on a metadata request.
      const admin = new Kafka({ clientId: 'kafka-mock', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.fetchTopicMetadata({ topics: [...topics] });
      } finally {
        await admin.disconnect();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A Kafka source of the engine reading `topic` of the mock from the beginning. */
export function mockKafkaSource(mock: KafkaMock, id: string, topic: string) {
  return { id, brokers: [mock.bootstrap], topics: [topic], groupId: id, fromBeginning: true, sessionTimeoutMs: 6000 };
}
