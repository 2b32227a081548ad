// Subscribes to an MQTT broker — the embedded one or the plant's — and feeds every message to
// the pipeline. QoS 1 messages are acknowledged only once their readings are durable in
// history, without holding up the messages behind them (see deferPubacks).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { SourceHealth } from '../../../shared/domain';
import type { Pipeline } from './pipeline';

export interface MqttSourceOptions {
  id: string;
  url: string;
  topics: readonly string[];
  qos: 0 | 1;
  username?: string;
  password?: string;
  clientId?: string;
  log: (message: string) => void;
  clock: () => number;
}

type Packet = { cmd: string; messageId?: number; qos?: number; topic?: string; payload?: Buffer | string };
type SendPacket = (packet: Packet, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

/**
 * mqtt.js processes incoming packets one at a time and sends PUBACK as soon as its
 * handleMessage callback returns. To acknowledge only after the data is durable without
 * serialising ingest, the callback returns at once and the PUBACK itself is held until the
 * message's durability promise settles. Pipeline batches complete in order, so PUBACKs still
 * leave in the order the PUBLISHes arrived, as MQTT requires. When a write fails the PUBACK is
 * never sent and the connection is cycled so the broker redelivers from the persistent session.
 */
function deferPubacks(client: MqttClient, held: Map<number, Promise<unknown>>, onFailure: () => void): void {
  const internal = client as unknown as { _sendPacket: SendPacket };
  const send = internal._sendPacket.bind(client);
  internal._sendPacket = (packet, cb, ...rest) => {
    const durable = packet.cmd === 'puback' && packet.messageId !== undefined ? held.get(packet.messageId) : undefined;
    if (!durable) {
      send(packet, cb, ...rest);
      return;
    }
    held.delete(packet.messageId!);
    cb?.();
    durable.then(
      () => {
        if (client.connected) send(packet, undefined, ...rest);
      },
      () => onFailure(),
    );
  };
}

export class MqttSource {
  private client: MqttClient | undefined;
  private lastMessageAt: number | null = null;
  private lastError: string | null = null;
  private messages = 0;
  private readonly heldAcks = new Map<number, Promise<unknown>>();

  constructor(
    private readonly options: MqttSourceOptions,
    private readonly pipeline: Pipeline,
  ) {}

  async start(): Promise<void> {
    const o = this.options;
    const clientOptions: IClientOptions = {
      clientId: o.clientId ?? `watchfloor-${o.id}-${Math.random().toString(16).slice(2, 10)}`,
      // A QoS 1 subscription keeps a persistent session so nothing is lost across reconnects.
      clean: o.qos === 0,
      username: o.username,
      password: o.password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    };
    const client = mqtt.connect(o.url, clientOptions);
    this.client = client;
    deferPubacks(client, this.heldAcks, () => {
      o.log(`${o.id}: a write to history failed; reconnecting so the broker redelivers`);
      client.stream?.destroy();
    });

    client.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      this.messages++;
      this.lastMessageAt = o.clock();
      const durable = this.pipeline.submit(o.id, packet.topic, payload);
      if (packet.qos && packet.qos > 0 && packet.messageId !== undefined) {
        this.heldAcks.set(packet.messageId, durable);
      } else {
        durable.catch(() => {}); // QoS 0: at most once by contract
      }
      done();
    };
    client.on('connect', () => {
      this.lastError = null;
      // Subscribing again is harmless with a kept session and picks up changed topics.
      client.subscribe([...o.topics], { qos: o.qos }, (err) => {
        if (err) {
          this.lastError = `subscribe failed: ${err.message}`;
          o.log(`${o.id}: ${this.lastError}`);
        }
      });
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('close', () => this.heldAcks.clear());

    await new Promise<void>((resolve) => {
      // Start-up does not wait for an unreachable broker: the source keeps retrying and
      // health shows it disconnected.
      const timer = setTimeout(resolve, 3000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
  }

  health(): SourceHealth {
    return {
      id: this.options.id,
      kind: 'mqtt',
      url: redactUrl(this.options.url),
      connected: this.client?.connected ?? false,
      messages: this.messages,
      lastMessageAt: this.lastMessageAt,
      error: this.lastError,
    };
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
