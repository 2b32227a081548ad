// Connects a Sparkplug session to an MQTT client: subscribes to the Sparkplug namespace, feeds
// each message to the session, and publishes the NCMD rebirth requests the session asks for.
// The client's connection belongs to the caller; this adapter only adds and removes its own
// subscription and listeners, so it can sit beside other users of the same client.
import type { MqttClient } from 'mqtt';
import type { DecodeOptions, DecodeResult } from '../decode-json';
import { rebirthCommand } from './sparkplug-rebirth';
import { SparkplugSession, type SparkplugSessionDeps, type SparkplugSessionOptions } from './sparkplug-session';
import { NAMESPACE } from './sparkplug-topic';

export const SPARKPLUG_SUBSCRIPTION = `${NAMESPACE}/#`;

/** The part of an mqtt.js client the adapter uses. */
export type SparkplugMqttClient = Pick<
  MqttClient,
  'on' | 'off' | 'subscribe' | 'unsubscribe' | 'publish' | 'connected'
>;

export interface SparkplugMqttOptions extends Omit<SparkplugSessionDeps, 'requestRebirth'> {
  /** Where decoded messages go: the engine passes them to pipeline.submitDecoded. */
  onDecoded: (topic: string, result: DecodeResult) => void;
  decodeOptions: () => DecodeOptions;
  clock: () => number;
  log: (message: string) => void;
  session?: Partial<SparkplugSessionOptions>;
  /** Deaths are QoS 1 on the wire; subscribing at 1 keeps them while connected. */
  qos?: 0 | 1;
}

/**
 * Publishes an NCMD rebirth request. Spec: QoS 0, not retained — a retained command would
 * rebirth the node again every time it reconnects. Resolves once handed to the client.
 */
export function publishRebirth(client: Pick<MqttClient, 'publish'>, group: string, edge: string, now: number) {
  const { topic, payload } = rebirthCommand(group, edge, now);
  return new Promise<void>((resolve, reject) => {
    client.publish(topic, Buffer.from(payload), { qos: 0, retain: false }, (err) => (err ? reject(err) : resolve()));
  });
}

export class SparkplugMqttAdapter {
  readonly session: SparkplugSession;
  private started = false;

  constructor(
    private readonly client: SparkplugMqttClient,
    private readonly options: SparkplugMqttOptions,
  ) {
    this.session = new SparkplugSession(
      {
        onBirth: options.onBirth,
        onDeath: options.onDeath,
        requestRebirth: (group, edge) => this.requestRebirth(group, edge),
      },
      options.session,
    );
  }

  private readonly onMessage = (topic: string, payload: Buffer) => {
    if (!topic.startsWith(`${NAMESPACE}/`)) return; // another subscriber's traffic on a shared client
    this.options.onDecoded(topic, this.session.handle(topic, payload, this.options.decodeOptions()));
  };

  /** After a reconnect without a kept session the broker has forgotten the subscription. */
  private readonly onConnect = () => this.subscribe();

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.client.on('message', this.onMessage);
    this.client.on('connect', this.onConnect);
    if (this.client.connected) await this.subscribe();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.client.off('message', this.onMessage);
    this.client.off('connect', this.onConnect);
    if (!this.client.connected) return;
    await new Promise<void>((resolve) => this.client.unsubscribe(SPARKPLUG_SUBSCRIPTION, () => resolve()));
  }

  private subscribe(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.client.subscribe(SPARKPLUG_SUBSCRIPTION, { qos: this.options.qos ?? 1 }, (err) => {
        if (err) this.options.log(`Sparkplug: subscribing to ${SPARKPLUG_SUBSCRIPTION} failed: ${err.message}`);
        resolve();
      });
    });
  }

  private requestRebirth(group: string, edge: string): void {
    this.options.log(`Sparkplug: births of ${group}/${edge} unknown; requesting a rebirth`);
    publishRebirth(this.client, group, edge, this.options.clock()).catch((err: Error) =>
      this.options.log(`Sparkplug: rebirth request to ${group}/${edge} failed: ${err.message}`),
    );
  }
}
