// Publishes the fleet to an MQTT broker, one topic per device (<prefix>/<device>/telemetry,
// the topic the engine subscribes to by default). At QoS 1 a message counts once the broker
// has acknowledged it; at QoS 0, once it was written to the connection.
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { TelemetryMessage } from './fleet-messages';
import { describeTarget, type TargetAddress } from './target-url';
import { DeliveryLedger, type DeliveryCounts, type TelemetryTarget } from './telemetry-target';

type MqttAddress = Extract<TargetAddress, { kind: 'mqtt' }>;

export class MqttTarget implements TelemetryTarget {
  readonly description: string;
  private readonly ledger: DeliveryLedger;
  private client: MqttClient | undefined;

  constructor(
    private readonly address: MqttAddress,
    private readonly qos: 0 | 1,
    private readonly log: (message: string) => void,
  ) {
    this.description = describeTarget(address);
    this.ledger = new DeliveryLedger(log);
  }

  get counts(): DeliveryCounts {
    return this.ledger.counts;
  }

  async connect(): Promise<void> {
    const client = mqtt.connect(this.address.url, {
      clientId: `watchfloor-simulate-${randomBytes(4).toString('hex')}`,
      username: this.address.username,
      password: this.address.password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
    } catch (err) {
      client.end(true);
      throw new Error(`cannot connect to ${this.description}: ${(err as Error).message}`, { cause: err });
    }
    // After the first connection, mqtt.js reconnects by itself and resends unacknowledged QoS 1 messages.
    client.on('error', (err) => this.log(`MQTT: ${err.message}`));
    client.on('offline', () => this.log('MQTT: connection lost, reconnecting'));
  }

  send(message: TelemetryMessage): void {
    const client = this.client;
    if (!client) throw new Error('MQTT target is not connected');
    this.ledger.sent();
    client.publish(
      `${this.address.topicPrefix}/${message.device}/telemetry`,
      message.payload,
      { qos: this.qos },
      (err) => {
        if (err) this.ledger.failed(1, err);
        else this.ledger.accepted(1, message.readings);
      },
    );
  }

  settle(max: number): Promise<void> {
    return this.ledger.settle(max);
  }

  async close(timeoutMs: number): Promise<void> {
    await this.ledger.settle(0, timeoutMs);
    const force = this.ledger.counts.pending > 0;
    this.ledger.abandon();
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync(force);
  }
}
