// Copies records the pipeline rejected to a Kafka dead-letter topic, for teams that reprocess
// from Kafka. The engine's own dead-letter store stays the record of what was refused: if the
// topic cannot be written, ingest goes on and the failure shows in the source's health.
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';

export interface RejectedRecord {
  key: Buffer | null;
  /** The record's original bytes, unchanged, so it can be replayed once fixed. */
  value: Buffer | null;
  origin: string;
  reasons: readonly string[];
}

/** Kafka header values are bytes without a limit; keep them readable in tools. */
const MAX_REASON_CHARS = 1000;

function reasonHeader(reasons: readonly string[]): string {
  const all = reasons.join('; ');
  return all.length > MAX_REASON_CHARS ? `${all.slice(0, MAX_REASON_CHARS - 1)}…` : all;
}

export class DeadLetterTopic {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private sentCount = 0;

  constructor(
    kafka: Kafka,
    readonly topic: string,
    private readonly sourceId: string,
  ) {
    // Passing a partitioner keeps kafkajs from warning about its v2 default.
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
  }

  get sent(): number {
    return this.sentCount;
  }

  /** Resolves once every record is acknowledged by the cluster (acks from all in-sync replicas). */
  async send(records: readonly RejectedRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    const messages: Message[] = records.map((r) => ({
      key: r.key,
      value: r.value,
      headers: {
        'watchfloor-reason': reasonHeader(r.reasons),
        'watchfloor-origin': r.origin,
        'watchfloor-source': this.sourceId,
      },
    }));
    await this.producer.send({ topic: this.topic, messages, acks: -1 });
    this.sentCount += records.length;
  }

  async stop(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    if (connected) await connected.then(() => this.producer.disconnect()).catch(() => {});
  }
}
