// What runs inside the engine's utility process, written against a parent-port interface so
// tests drive it without Electron: wait for the configuration, start the engine, serve the
// contract on every port the shell sends, and stop cleanly when asked (or on a signal). Or, for a
// desktop attached to a central engine (`start-remote`), relay every port to that engine instead.
import type { Config } from '../engine/config/config-schema';
import { parseConfig } from '../engine/config/load-config';
import { DESKTOP } from '../../shared/rpc/call-context';
import { createPortChannel, type PortLike } from '../../shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../shared/rpc/protocol';
import { serveContract, type ContractHandlers } from '../../shared/rpc/server';
import type { MessagePortMainLike } from './electron-api';
import { ToEngineHost, type FromEngineHost } from './engine-host-protocol';
import { RemoteEngineHost, type RemoteEngineHostOptions } from './remote/remote-engine-host';

export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface HostedEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  handlers(): ContractHandlers;
}

export interface EngineHostOptions {
  parentPort: ParentPortLike;
  createEngine(config: Config, version: string, options: { newState: boolean; secretsKey?: Buffer }): HostedEngine;
  /** Remote mode; tests may shorten the backoff. */
  createRemote?: (options: RemoteEngineHostOptions) => RemoteEngineHost;
  log(message: string): void;
  exit(code: number): void;
}

export interface RunningEngineHost {
  /** Stops the engine, closes every connection and exits with `code`. Idempotent. */
  shutdown(code: number): Promise<void>;
}

/** Electron's MessagePortMain as the transport-neutral PortLike. */
export function portFromMessagePortMain(port: MessagePortMainLike): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.on('message', (event) => onMessage(event.data));
      port.on('close', onClose);
      port.start();
    },
    close: () => port.close(),
  };
}

export function runEngineHost(options: EngineHostOptions): RunningEngineHost {
  const { parentPort, log } = options;
  type Phase = 'waiting' | 'starting' | 'ready' | 'stopping';
  let phase: Phase = 'waiting';
  let engine: HostedEngine | undefined;
  let handlers: ContractHandlers | undefined;
  let remote: RemoteEngineHost | undefined;
  const queued: MessagePortMainLike[] = [];
  const connections = new Set<() => void>();
  let shuttingDown: Promise<void> | undefined;

  const report = (message: FromEngineHost) => parentPort.postMessage(message);

  const serve = (port: MessagePortMainLike) => {
    if (remote) {
      remote.connect(portFromMessagePortMain(port));
      return;
    }
    if (!handlers) return;
    const channel = createPortChannel<ClientMessage, ServerMessage>(portFromMessagePortMain(port));
    // Each window signs in over its own port (a desktop always does: with no users yet, the
    // first-run screen); without an access control (tests of the runner) it acts as DESKTOP.
    const connection = handlers.access?.connect(DESKTOP.client, undefined, 'desktop') ?? DESKTOP;
    const detach = serveContract(channel, handlers, { context: connection });
    const close = () => {
      connection.session?.close();
      detach();
      channel.close();
      connections.delete(close);
    };
    connections.add(close);
    channel.onStatus((status) => {
      if (status === 'closed') {
        connection.session?.close();
        detach();
        connections.delete(close);
      }
    });
  };

  const shutdown = (code: number): Promise<void> => {
    shuttingDown ??= (async () => {
      phase = 'stopping';
      for (const port of queued.splice(0)) port.close();
      for (const close of [...connections]) close();
      remote?.stop();
      try {
        await engine?.stop();
      } catch (err) {
        log(`engine stop failed: ${(err as Error).message}`);
      }
      report({ type: 'stopped' });
      options.exit(code);
    })();
    return shuttingDown;
  };

  const startRemote = (url: string, fingerprint: string | null) => {
    phase = 'starting';
    try {
      const remoteOptions: RemoteEngineHostOptions = {
        url,
        fingerprint,
        log,
        onSignedOut: () => report({ type: 'remote-signed-out' }),
        onProblem: (message, certificateChanged) => report({ type: 'remote-problem', message, certificateChanged }),
      };
      remote = options.createRemote?.(remoteOptions) ?? new RemoteEngineHost(remoteOptions);
    } catch (err) {
      const message = (err as Error).message;
      log(`cannot attach to ${url}: ${message}`);
      report({ type: 'error', message });
      void shutdown(1);
      return;
    }
    log(`attached to the central engine at ${remote.address.origin}`);
    phase = 'ready';
    for (const port of queued.splice(0)) serve(port);
    report({ type: 'ready' });
  };

  const start = async (rawConfig: unknown, version: string, newState: boolean, secretsKey: string | undefined) => {
    phase = 'starting';
    try {
      // Crossing a process boundary loses the freeze and could lose anything else: re-validate.
      const config = parseConfig(rawConfig as Record<string, unknown>, 'engine configuration');
      engine = options.createEngine(config, version, {
        newState,
        ...(secretsKey ? { secretsKey: Buffer.from(secretsKey, 'hex') } : {}),
      });
      await engine.start();
    } catch (err) {
      const message = (err as Error).message;
      log(`engine failed to start: ${message}`);
      report({ type: 'error', message });
      await shutdown(1);
      return;
    }
    if (phase !== 'starting') return; // a stop arrived while starting; shutdown owns the rest
    handlers = engine.handlers();
    phase = 'ready';
    for (const port of queued.splice(0)) serve(port);
    report({ type: 'ready' });
  };

  parentPort.on('message', (event) => {
    const parsed = ToEngineHost.safeParse(event.data);
    if (!parsed.success) {
      log('ignored a malformed message from the shell');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        if (phase === 'waiting')
          void start(message.config, message.version, message.newState ?? false, message.secretsKey);
        return;
      case 'start-remote':
        if (phase === 'waiting') startRemote(message.url, message.fingerprint);
        return;
      case 'remote-call': {
        const { id, request } = message;
        if (!remote) {
          const error = { code: 'UNAVAILABLE' as const, message: 'this desktop runs its own engine' };
          report({ type: 'remote-answer', id, answer: { ok: false, error } });
          return;
        }
        void remote.call(request).then((answer) => report({ type: 'remote-answer', id, answer }));
        return;
      }
      case 'connect': {
        const port = event.ports[0];
        if (!port) {
          log('connect message without a port');
          return;
        }
        if (phase === 'ready') serve(port);
        else if (phase === 'stopping') port.close();
        else queued.push(port);
        return;
      }
      case 'stop':
        void shutdown(0);
        return;
    }
  });

  return { shutdown };
}
