// A TCP proxy on 127.0.0.1 in front of a server, to drop a client's link the way a pulled cable
// or a lost VPN does: `cut()` stops passing bytes on every open connection without closing it
// (the client hears nothing, not even a close) and refuses new connections; `restore()` ends
// the stalled connections and accepts again on the same port.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Silence: open connections stall, new ones are refused. */
  cut(): Promise<void>;
  /** Back: stalled connections are ended, new ones pass again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; stalled: boolean }>();
  let port = 0;
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        const pair = { client, upstream, stalled: false };
        pairs.add(pair);
        const forward = (from: Socket, to: Socket) =>
          from.on('data', (chunk) => {
            if (!pair.stalled) to.write(chunk);
          });
        forward(client, upstream);
        forward(upstream, client);
        const end = () => {
          pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        };
        client.on('close', end).on('error', end);
        upstream.on('close', end).on('error', end);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) resolve();
      else s.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    async cut() {
      for (const pair of pairs) pair.stalled = true;
      await Promise.race([stopListening(), new Promise((r) => setTimeout(r, 100))]);
    },
    async restore() {
      for (const pair of [...pairs]) {
        if (!pair.stalled) continue;
        pairs.delete(pair);
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await listen();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await Promise.race([stopListening(), new Promise((r) => setTimeout(r, 100))]);
    },
  };
}
