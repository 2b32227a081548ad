// Produces the fleet to a Kafka topic, keyed by device id so that each device's readings stay
// in order on one partition. Messages are gathered for a few milliseconds and sent one request
// at a time: the batch grows by itself when the cluster is slower than the fleet. A message
// counts once all in-sync replicas have it (acks -1).
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { kafkaLogCreator } from '../../ingest/kafka/kafka-client-options';
import type { TelemetryMessage } from './fleet-messages';
import { describeTarget, type TargetAddress } from './target-url';
import { DeliveryLedger, type DeliveryCounts, type TelemetryTarget } from './telemetry-target';

type KafkaAddress = Extract<TargetAddress, { kind: 'kafka' }>;

const LINGER_MS = 5;
/** Bytes per produce request, well under the brokers' usual 1 MiB message.max.bytes per partition. */
const MAX_REQUEST_BYTES = 512 * 1024;

export class KafkaTarget implements TelemetryTarget {
  readonly description: string;
  private readonly ledger: DeliveryLedger;
  private readonly producer: Producer;
  private queue: TelemetryMessage[] = [];
  private sending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly address: KafkaAddress,
    log: (message: string) => void,
  ) {
    this.description = describeTarget(address);
    this.ledger = new DeliveryLedger(log);
    const kafka = new Kafka({
      clientId: 'watchfloor-simulate',
      brokers: address.brokers,
      connectionTimeout: 5000,
      logCreator: kafkaLogCreator('simulate', log),
    });
    // Passing a partitioner keeps kafkajs from warning about its v2 default.
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
  }

  get counts(): DeliveryCounts {
    return this.ledger.counts;
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (err) {
      throw new Error(`cannot connect to ${this.description}: ${(err as Error).message}`, { cause: err });
    }
  }

  send(message: TelemetryMessage): void {
    this.ledger.sent();
    this.queue.push(message);
    if (!this.sending && !this.timer) this.timer = setTimeout(() => this.flush(), LINGER_MS);
  }

  settle(max: number): Promise<void> {
    return this.ledger.settle(max);
  }

  async close(timeoutMs: number): Promise<void> {
    await this.ledger.settle(0, timeoutMs);
    clearTimeout(this.timer);
    this.queue = [];
    this.ledger.abandon();
    await this.producer.disconnect().catch(() => {});
  }

  private flush(): void {
    this.timer = undefined;
    if (this.sending || this.queue.length === 0) return;
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n]!.payload.length <= MAX_REQUEST_BYTES)) {
      bytes += this.queue[n]!.payload.length;
      n++;
    }
    const batch = this.queue.splice(0, n);
    const readings = batch.reduce((sum, m) => sum + m.readings, 0);
    this.sending = true;
    this.producer
      .send({
        topic: this.address.topic,
        acks: -1,
        messages: batch.map((m) => ({ key: m.device, value: m.payload })),
      })
      .then(
        () => this.ledger.accepted(batch.length, readings),
        (err: unknown) => this.ledger.failed(batch.length, err as Error),
      )
      .finally(() => {
        this.sending = false;
        if (this.queue.length > 0) this.flush();
      });
  }
}
