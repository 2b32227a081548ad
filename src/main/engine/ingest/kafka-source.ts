// Consumes Kafka topics as a consumer group and feeds every record to the pipeline. A record's
// offset is resolved and committed only once its readings are durable in history, so a crash —
// even SIGKILL — loses nothing: the group replays at most the uncommitted tail, and the
// historian's (series, ts) key makes the replay harmless. Records that cannot be decoded go to
// the engine's dead letters and, when configured, to a dead-letter topic.
import { Kafka, type Consumer, type ConsumerConfig, type EachBatchPayload } from 'kafkajs';
import type { SourceHealth } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { KafkaSourceConfig } from '../config/config-schema';
import { RateMeter } from '../rate-meter';
import { csvColumnProblem } from './decode-csv';
import type { DecodeResult } from './decode-json';
import { kafkaClientOptions } from './kafka/kafka-client-options';
import { ingestBatch, type IngestPort } from './kafka/batch-ingest';
import { DeadLetterTopic } from './kafka/dead-letter-topic';
import { PendingRecords } from './kafka/pending-records';
import { recordDecoder, type RecordDecoder, type SparkplugDecode } from './kafka/record-decoder';

export type { IngestPort } from './kafka/batch-ingest';
export type { SparkplugDecode } from './kafka/record-decoder';

export interface KafkaSourceDeps {
  log: (message: string) => void;
  clock: () => number;
  sparkplugDecode?: SparkplugDecode;
  /** Consumer timings, for tests (short sessions) and sites with unusual brokers. */
  consumerTimings?: Pick<ConsumerConfig, 'sessionTimeout' | 'heartbeatInterval' | 'maxWaitTimeInMs'>;
}

export type KafkaSourceHealth = SourceHealth & {
  /** Records behind the partitions' ends as of their last fetch; null before the first. */
  offsetLag: number | null;
};

const AUTO_COMMIT_INTERVAL_MS = 1000;
const START_WAIT_MS = 3000;
const STOP_WAIT_MS = 1000;
/**
 * An idle fetch returns after this long; stop() waits for the fetch in flight. A broker answers
 * at once when data is there, so this only sets how often an idle partition is asked again —
 * but some brokers (librdkafka's mock among them) hold an empty fetch for the whole wait even
 * when data arrives meanwhile, and a long wait then caps the rate. 100 ms keeps a live feed
 * flowing and costs ten small requests a second per idle broker.
 */
const MAX_FETCH_WAIT_MS = 100;
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;

/** Waits for a promise that never rejects, or gives up waiting after ms. */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

export class KafkaSource {
  private kafka: Kafka | undefined;
  private consumer: Consumer | undefined;
  private dlq: DeadLetterTopic | undefined;
  private launching: Promise<void> = Promise.resolve();
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private restartDelayMs = RESTART_MIN_MS;
  private stopping = false;
  private connected = false;
  private messages = 0;
  private lastMessageAt: number | null = null;
  private lastError: string | null = null;
  private readonly lagByPartition = new Map<string, number>();
  private readonly pending = new PendingRecords();
  private readonly rate = new RateMeter();
  private readonly decodeRecord: RecordDecoder;

  constructor(
    private readonly config: KafkaSourceConfig,
    private readonly pipeline: IngestPort,
    private readonly deps: KafkaSourceDeps,
  ) {
    this.decodeRecord = recordDecoder(config, deps.sparkplugDecode, deps.log);
  }

  /**
   * Rejects with EngineError BAD_REQUEST for configuration it cannot use (unreadable PEM files,
   * CSV columns without the required fields, a dead-letter topic it also consumes). Does not
   * wait for an unreachable cluster: the source keeps retrying and health shows it disconnected.
   */
  async start(): Promise<void> {
    const { config, deps } = this;
    if (config.format === 'csv') {
      const problem = csvColumnProblem(config.csv.columns);
      if (problem) throw this.badConfig(`${problem}`, 'csv.columns');
    }
    if (config.dlqTopic && config.topics.includes(config.dlqTopic)) {
      throw this.badConfig(`dlqTopic ${config.dlqTopic} is also consumed; rejects would loop`, 'dlqTopic');
    }
    this.kafka = new Kafka(kafkaClientOptions(config, (line) => this.kafkaLog(line), deps.clock));
    if (config.dlqTopic) this.dlq = new DeadLetterTopic(this.kafka, config.dlqTopic, config.id);
    this.stopping = false;
    this.launching = this.launch();
    await within(this.launching, START_WAIT_MS);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    // Disconnecting waits for the batch in hand, whose offsets are committed once durable.
    if (consumer) await consumer.disconnect().catch((err: Error) => this.note(`disconnect failed: ${err.message}`));
    // A first connection still retrying cannot be aborted; once it settles, launch() sees the
    // source stopped and lets go. Stopping does not wait for that.
    await within(this.launching, STOP_WAIT_MS);
    await this.dlq?.stop();
    this.connected = false;
  }

  get id(): string {
    return this.config.id;
  }

  health(): KafkaSourceHealth {
    const now = this.deps.clock();
    this.rate.sample(now, this.messages);
    let offsetLag: number | null = null;
    for (const n of this.lagByPartition.values()) offsetLag = (offsetLag ?? 0) + n;
    return {
      id: this.config.id,
      kind: 'kafka',
      url: `kafka://${this.config.brokers.join(',')}/${this.config.topics.join(',')}`,
      connected: this.connected,
      messages: this.messages,
      ratePerSecond: Math.round(this.rate.perSecond() * 10) / 10,
      pending: this.pending.count,
      lagMs: this.pending.lagMs(now),
      lastMessageAt: this.lastMessageAt,
      error: this.lastError,
      offsetLag,
    };
  }

  /**
   * Decodes a stored record again (re-queued dead letters). The origin is
   * `topic/partition@offset`; the record key is not kept, so Sparkplug falls back to the topic.
   */
  decode(origin: string, payload: Uint8Array): DecodeResult {
    const topic = origin.slice(0, Math.max(0, origin.lastIndexOf('/'))) || origin;
    const value = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    return this.decodeRecord({ topic, key: null, value }, this.pipeline.decodeOptions());
  }

  /** Records copied to the dead-letter topic. */
  get deadLettered(): number {
    return this.dlq?.sent ?? 0;
  }

  private badConfig(message: string, field: string): EngineError {
    return new EngineError('BAD_REQUEST', `Kafka source ${this.config.id}: ${message}`, {
      source: this.config.id,
      field,
    });
  }

  /** While not connected, kafkajs's latest complaint is the best explanation health can give. */
  private kafkaLog(line: string): void {
    this.deps.log(line);
    if (!this.connected) this.lastError = line.slice(this.config.id.length + 2);
  }

  private note(error: string): void {
    this.lastError = error;
    this.deps.log(`${this.config.id}: ${error}`);
  }

  /** One consumer's life: connect, subscribe, run. A failure schedules a fresh consumer. */
  private async launch(): Promise<void> {
    const { config } = this;
    const consumer = this.kafka!.consumer({
      groupId: config.groupId,
      maxWaitTimeInMs: MAX_FETCH_WAIT_MS,
      // After a crash the group waits this long for the dead member before handing its
      // partitions to the restarted engine.
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(config.sessionTimeoutMs / 5)),
      ...this.deps.consumerTimings,
    });
    this.consumer = consumer;
    this.watch(consumer);
    const abandoned = () => this.stopping || this.consumer !== consumer;
    try {
      await consumer.connect();
      if (abandoned()) return await consumer.disconnect();
      await consumer.subscribe({ topics: [...config.topics], fromBeginning: config.fromBeginning });
      if (abandoned()) return await consumer.disconnect();
      // autoCommit commits only offsets resolved below, which are durable ones; kafkajs then
      // also commits them on rebalance and on disconnect.
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.onBatch(payload),
      });
      if (abandoned()) await consumer.disconnect();
    } catch (err) {
      this.connected = false;
      if (abandoned()) return;
      this.note(`cannot consume: ${(err as Error).message}`);
      await consumer.disconnect().catch(() => {});
      this.scheduleRestart(consumer);
    }
  }

  private watch(consumer: Consumer): void {
    const { events } = consumer;
    const current = () => this.consumer === consumer;
    consumer.on(events.CONNECT, () => {
      if (current()) this.connected = true;
    });
    consumer.on(events.GROUP_JOIN, () => {
      if (!current()) return;
      this.connected = true;
      this.lastError = null;
      this.restartDelayMs = RESTART_MIN_MS;
      this.lagByPartition.clear(); // partitions may have moved to other members
    });
    consumer.on(events.DISCONNECT, () => {
      if (current()) this.connected = false;
    });
    consumer.on(events.CRASH, ({ payload }) => {
      if (!current()) return;
      this.connected = false;
      this.note(`consumer crashed: ${payload.error.message}`);
      // kafkajs restarts by itself after retriable errors; after the others it gives up.
      if (!payload.restart && !this.stopping) this.scheduleRestart(consumer);
    });
  }

  private scheduleRestart(failed: Consumer): void {
    if (this.stopping || this.consumer !== failed) return;
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, RESTART_MAX_MS);
    this.deps.log(`${this.config.id}: restarting the Kafka consumer in ${delay} ms`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (this.stopping || this.consumer !== failed) return;
      this.launching = failed
        .disconnect()
        .catch(() => {})
        .then(() => (this.stopping ? undefined : this.launch()));
    }, delay);
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    this.messages += batch.messages.length;
    this.lastMessageAt = this.deps.clock();
    await ingestBatch(payload, {
      sourceId: this.config.id,
      pipeline: this.pipeline,
      decodeRecord: this.decodeRecord,
      pending: this.pending,
      dlq: this.dlq,
      clock: this.deps.clock,
      note: (error) => this.note(error),
    });
    this.lagByPartition.set(`${batch.topic}/${batch.partition}`, Number(batch.offsetLag()));
  }
}
