// Subscribes to an MQTT broker — the embedded one or the plant's — and feeds every message to
// the pipeline. QoS 1 messages are acknowledged only once their readings are durable in
// history, without holding up the messages behind them (see deferPubacks). The embedded
// broker runs in the engine's own process, so its messages are taken in-process (no second
// MQTT client parsing what the broker just serialised for it).
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { SourceHealth } from '../../../shared/domain';
import { RateMeter } from '../rate-meter';
import { decoderFailure, messageOf } from './decode-guard';
import { decodeJsonPayload, decodeValuePayload, type DecodeResult } from './decode-json';
import type { Pipeline } from './pipeline';
import { publishRebirth } from './sparkplug/sparkplug-mqtt';
import { rebirthCommand } from './sparkplug/sparkplug-rebirth';
import { SparkplugSession, type SparkplugSessionDeps } from './sparkplug/sparkplug-session';
import {
  compileSubscription,
  topicMatches,
  topicNames,
  type PayloadFormat,
  type Subscription,
  type TopicSpec,
} from './topic-template';

export interface MqttSourceOptions {
  id: string;
  url: string;
  topics: readonly (string | TopicSpec)[];
  qos: 0 | 1;
  username?: string;
  password?: string;
  clientId?: string;
  /** Stable per installation, so a QoS 1 session survives restarts (see Engine.stationId). */
  stationId: string;
  /** PEM file paths for mqtts:// and wss:// brokers. */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  log: (message: string) => void;
  clock: () => number;
  /** Where Sparkplug B births and deaths are reported. */
  sparkplug?: Pick<SparkplugSessionDeps, 'onBirth' | 'onDeath'>;
  /** The embedded broker, subscribed to in-process instead of through a network client. */
  inProcess?: InProcessBroker;
}

/** A broker in this process: what the embedded broker offers its own sources. */
export interface InProcessBroker {
  readonly url: string;
  readonly running: boolean;
  /** Delivers every message matching the filter; resolves to the matching unsubscribe. */
  subscribe(filter: string, deliver: (topic: string, payload: Buffer) => void): Promise<() => Promise<void>>;
  publish(topic: string, payload: Buffer): Promise<void>;
}

/** How a topic's messages are decoded: found once per topic (MqttSource.route). */
interface Route {
  format: PayloadFormat;
  names: { deviceId?: string; signal?: string };
}

/** Topics whose route is remembered at a time. */
const MAX_ROUTES = 10_000;

const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Messages not yet durable, oldest first: how far behind the source the engine is. Messages
 * that share a flush share its promise, so a group is tracked once, not each message.
 */
class PendingWindow {
  private readonly started: { at: number; messages: number; done: boolean }[] = [];
  private last: { durable: Promise<unknown>; entry: { messages: number } } | undefined;
  count = 0;

  track(at: number, durable: Promise<unknown>): void {
    this.count++;
    if (this.last?.durable === durable) {
      this.last.entry.messages++;
      return;
    }
    const entry = { at, messages: 1, done: false };
    this.started.push(entry);
    this.last = { durable, entry };
    const settle = () => {
      entry.done = true;
      this.count -= entry.messages;
      if (this.last?.entry === entry) this.last = undefined;
      while (this.started.length > 0 && this.started[0]!.done) this.started.shift();
    };
    durable.then(settle, settle);
  }

  lagMs(now: number): number {
    return this.started.length > 0 ? now - this.started[0]!.at : 0;
  }
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
  private readonly subscriptions: Subscription[];
  private readonly pending = new PendingWindow();
  private readonly rate = new RateMeter();
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private paused = false;

  constructor(
    private readonly options: MqttSourceOptions,
    private readonly pipeline: Pipeline,
  ) {
    this.subscriptions = options.topics.map((t) => compileSubscription(t, options.qos));
    if (this.subscriptions.some((s) => s.format === 'sparkplug')) {
      this.sparkplug = new SparkplugSession({
        onBirth: options.sparkplug?.onBirth ?? (() => {}),
        onDeath: options.sparkplug?.onDeath ?? (() => {}),
        requestRebirth: (group, edge) => {
          const now = options.clock();
          const broker = this.options.inProcess;
          if (broker) {
            const { topic, payload } = rebirthCommand(group, edge, now);
            void broker.publish(topic, Buffer.from(payload)).catch(() => {});
          } else if (this.client?.connected) void publishRebirth(this.client, group, edge, now);
        },
      });
    }
  }

  private readonly sparkplug: SparkplugSession | undefined;

  /**
   * Decodes one message by the subscription its topic matches (also for re-queued dead
   * letters). Anything a decoder throws becomes the message's rejection (decode-guard.ts).
   */
  decode(topic: string, payload: Uint8Array): DecodeResult {
    try {
      const route = this.route(topic);
      const opts = this.pipeline.decodeOptions(route.names);
      switch (route.format) {
        case 'value':
          return decodeValuePayload(payload, opts);
        case 'sparkplug':
          return this.sparkplug!.handle(topic, payload, opts);
        default:
          return decodeJsonPayload(payload, opts);
      }
    } catch (err) {
      return decoderFailure(`${this.options.id}: decoding a message on ${topic}`, payload, this.options.log, err);
    }
  }

  /**
   * The format and topic names of a topic's messages. A plant sends on the same topics again
   * and again (one or a few per device), so each is matched against the subscriptions once,
   * not on every message; the memo is bounded and starts over when full.
   */
  private route(topic: string): Route {
    let route = this.routes.get(topic);
    if (route) return route;
    const sub = this.subscriptions.find((s) => topicMatches(s.filter, topic));
    route = { format: sub?.format ?? 'json', names: sub ? topicNames(sub, topic) : {} };
    if (this.routes.size >= MAX_ROUTES) this.routes.clear();
    this.routes.set(topic, route);
    return route;
  }

  private readonly routes = new Map<string, Route>();

  get id(): string {
    return this.options.id;
  }

  /** One message from the broker: to the pipeline, tracked until durable. */
  private receive(topic: string, payload: Buffer): Promise<void> {
    this.messages++;
    this.lastMessageAt = this.options.clock();
    const durable = this.pipeline.accept(this.options.id, topic, this.decode(topic, payload));
    this.pending.track(this.lastMessageAt, durable);
    return durable;
  }

  /**
   * receive(), for the broker's callbacks: should anything still throw, it is logged and the
   * message acknowledged, so that a poison message cannot stop the client (or, redelivered by a
   * persistent session, stop it again after every restart).
   */
  private receiveSafely(topic: string, payload: Buffer): Promise<void> {
    try {
      return this.receive(topic, payload);
    } catch (err) {
      this.options.log(`${this.options.id}: a message on ${topic} could not be taken: ${messageOf(err)}`);
      return Promise.resolve();
    }
  }

  async start(): Promise<void> {
    const o = this.options;
    if (o.inProcess) {
      for (const s of this.subscriptions) {
        // QoS 0 or 1 makes no difference in-process: nothing sits between the broker and us,
        // and the embedded broker's own state lives and dies with this process. A batch that
        // cannot be written is logged by the pipeline and lost, as on an engine crash; delivery
        // across failures is what an external broker with a persistent session is for.
        // A failed write is logged by the pipeline; QoS 0 is at most once by contract.
        const stop = await o.inProcess.subscribe(s.filter, (topic, payload) => void this.receiveSafely(topic, payload));
        this.unsubscribes.push(stop);
      }
      return;
    }
    const clientOptions: IClientOptions = {
      // The same client id after a restart resumes the broker's persistent session: what was
      // published while the engine was down, or delivered but not acknowledged, comes now.
      clientId: o.clientId ?? `watchfloor-${o.stationId}-${o.id}`,
      // A QoS 1 subscription keeps a persistent session so nothing is lost across reconnects.
      clean: this.subscriptions.every((s) => s.qos === 0),
      username: o.username,
      password: o.password,
      reconnectPeriod: RECONNECT_MIN_MS,
      connectTimeout: 10_000,
      // mqtt.js traces every packet through `debug`, whose check and arguments cost ~0.4 µs a
      // message even when tracing is off (issue 20's live path): the engine's sources go without.
      log: () => {},
    };
    if (o.tls) {
      const read = (file: string | undefined, what: string) => {
        if (!file) return undefined;
        try {
          return readFileSync(file);
        } catch (err) {
          throw new Error(`${o.id}: cannot read TLS ${what} ${file}: ${(err as Error).message}`, { cause: err });
        }
      };
      clientOptions.ca = read(o.tls.ca, 'CA');
      clientOptions.cert = read(o.tls.cert, 'certificate');
      clientOptions.key = read(o.tls.key, 'key');
      clientOptions.rejectUnauthorized = o.tls.rejectUnauthorized;
    }
    const client = mqtt.connect(o.url, clientOptions);
    this.client = client;
    deferPubacks(client, this.heldAcks, () => {
      if (!this.pipeline.writable) {
        this.pauseUntilWritable(client);
        return;
      }
      o.log(`${o.id}: a write to history failed; reconnecting so the broker redelivers`);
      client.stream?.destroy();
    });

    client.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      const durable = this.receiveSafely(packet.topic, payload);
      if (packet.qos && packet.qos > 0 && packet.messageId !== undefined) {
        this.heldAcks.set(packet.messageId, durable);
      }
      done();
    };
    client.on('connect', () => {
      this.lastError = null;
      // Subscribing again is harmless with a kept session and picks up changed topics.
      const map = Object.fromEntries(this.subscriptions.map((s) => [s.filter, { qos: s.qos }]));
      client.subscribe(map, (err) => {
        if (err) {
          this.lastError = `subscribe failed: ${err.message}`;
          o.log(`${o.id}: ${this.lastError}`);
        }
      });
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    // Back off while the broker stays away (1 s, 2 s, 4 s … 30 s), so a site with thousands of
    // stations does not hammer a broker that is coming back up; reset once connected.
    client.on('close', () => {
      this.heldAcks.clear();
      client.options.reconnectPeriod = Math.min(
        RECONNECT_MAX_MS,
        (client.options.reconnectPeriod ?? RECONNECT_MIN_MS) * 2,
      );
    });
    client.on('connect', () => {
      client.options.reconnectPeriod = RECONNECT_MIN_MS;
    });

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

  /**
   * History cannot write (disk full): the connection ends without a DISCONNECT, so the broker
   * keeps the session with every unacknowledged message, and comes back once history is
   * writable again — the broker then redelivers them. Reconnecting meanwhile would only have
   * the same messages sent and refused again.
   */
  private pauseUntilWritable(client: MqttClient): void {
    if (this.paused) return;
    this.paused = true;
    const { id, log } = this.options;
    log(`${id}: cannot store readings; disconnected until it can (the broker keeps the messages)`);
    this.lastError = 'paused: cannot store readings; the broker keeps the messages';
    client.end(true);
    void this.pipeline.whenWritable().then(() => {
      this.paused = false;
      if (this.client !== client) return; // stopped or replaced meanwhile
      log(`${id}: readings can be stored again; reconnecting for the broker to redeliver`);
      this.lastError = null;
      client.reconnect();
    });
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) await unsubscribe();
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
  }

  health(): SourceHealth {
    this.rate.sample(this.options.clock(), this.messages);
    return {
      id: this.options.id,
      kind: 'mqtt',
      url: redactUrl(this.options.url),
      connected: this.options.inProcess ? this.options.inProcess.running : (this.client?.connected ?? false),
      messages: this.messages,
      ratePerSecond: Math.round(this.rate.perSecond() * 10) / 10,
      pending: this.pending.count,
      lagMs: this.pending.lagMs(this.options.clock()),
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
