// The embedded MQTT broker (aedes) for sites without one and for first run. Bound to
// 127.0.0.1 by default; when the preferred port is taken it takes a free one and says so.
// While the engine cannot store (history not writable) it refuses publishes: the publisher is
// disconnected before any PUBACK, so a QoS 1 device keeps the message and sends it again.
import { Aedes } from 'aedes';
import { createServer, type Server } from 'node:net';
import type { InProcessBroker } from './mqtt-source';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  log: (message: string) => void;
  /** Whether publishes are taken now; when not, the publishing client is disconnected. */
  accepting?: () => boolean;
}

export class EmbeddedBroker implements InProcessBroker {
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  get url(): string {
    return `mqtt://${this.options.host}:${this.boundPort}`;
  }

  get running(): boolean {
    return this.aedes !== undefined;
  }

  /**
   * An in-process subscription: the broker hands each matching message to `deliver` directly.
   * Topics starting with `$` ($SYS…) match only filters that start with `$`, as for clients.
   */
  subscribe(filter: string, deliver: (topic: string, payload: Buffer) => void): Promise<() => Promise<void>> {
    const aedes = this.aedes;
    if (!aedes) return Promise.reject(new Error('the embedded broker is not running'));
    const system = filter.startsWith('$');
    const listener = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      if (system || !packet.topic.startsWith('$')) {
        deliver(packet.topic, typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload);
      }
      done();
    };
    return new Promise((resolve, reject) => {
      aedes.subscribe(filter, listener as never, (err?: Error) => {
        if (err) return reject(err);
        resolve(() => new Promise<void>((done) => aedes.unsubscribe(filter, listener as never, () => done())));
      });
    });
  }

  publish(topic: string, payload: Buffer): Promise<void> {
    const aedes = this.aedes;
    if (!aedes) return Promise.reject(new Error('the embedded broker is not running'));
    return new Promise((resolve, reject) =>
      aedes.publish({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  get clients(): number {
    return this.aedes?.connectedClients ?? 0;
  }

  async start(): Promise<void> {
    const accepting = this.options.accepting ?? (() => true);
    this.aedes = await Aedes.createBroker({
      authorizePublish: (_client, _packet, done) =>
        done(accepting() ? null : new Error('the engine cannot store readings now (history is not writable)')),
    });
    this.aedes.on('clientError', () => {}); // a client's bad packet is the client's problem
    this.aedes.on('connectionError', () => {});
    const server = createServer(this.aedes.handle);
    this.server = server;
    try {
      this.boundPort = await listen(server, this.options.host, this.options.port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.options.port === 0) throw err;
      this.boundPort = await listen(server, this.options.host, 0);
      this.options.log(`MQTT port ${this.options.port} is in use; the embedded broker took ${this.boundPort}`);
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    const aedes = this.aedes;
    this.server = undefined;
    this.aedes = undefined;
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
